import { IBAN_LENGTHS } from './iban-lengths';

/** ISO 7064 MOD 97-10 remainder of an IBAN in electronic form (upper case, no spaces). */
export function ibanRemainder(iban: string): number {
  // Move country code and check digits to the end, read letters as 10..35, reduce as we go
  // so no big integers are needed.
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    if (code >= 48 && code <= 57) remainder = (remainder * 10 + (code - 48)) % 97;
    else if (code >= 65 && code <= 90) remainder = (remainder * 100 + (code - 55)) % 97;
    else return -1;
  }
  return remainder;
}

/** A valid IBAN: known country, that country's length, check digits 02–98, remainder 1. */
export function isValidIban(iban: string): boolean {
  const length = ibanLength(iban.slice(0, 2));
  if (length === undefined || iban.length !== length) return false;
  const check = Number(iban.slice(2, 4));
  if (!(check >= 2 && check <= 98)) return false;
  return ibanRemainder(iban) === 1;
}

/** The IBAN length registered for a two-letter country code, if any. */
export function ibanLength(country: string): number | undefined {
  return Object.hasOwn(IBAN_LENGTHS, country) ? IBAN_LENGTHS[country] : undefined;
}
