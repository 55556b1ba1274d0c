import { parsePhoneNumberFromString } from 'libphonenumber-js';

export type RecipientValidation = 'possible' | 'valid';

/** A recipient number in canonical E.164 with the ISO 3166-1 alpha-2 region it belongs to. */
export interface Recipient {
  readonly e164: string;
  readonly region: string;
}

/**
 * Parses an international number (leading "+", separators allowed) with libphonenumber's
 * metadata. `possible` checks the length for the country; `valid` also needs an allocated range.
 * Returns undefined for anything that is not a phone number.
 */
export function parseRecipient(value: string, validation: RecipientValidation = 'possible'): Recipient | undefined {
  if (typeof value !== 'string' || value.length > 32 || !value.trim().startsWith('+')) return undefined;
  const phone = parsePhoneNumberFromString(value.trim());
  if (!phone) return undefined;
  const accepted = validation === 'valid' ? phone.isValid() : phone.isPossible();
  if (!accepted) return undefined;
  // Ranges outside the allocated plan (drama and test numbers) have no exact country: take the
  // calling code's main region, which libphonenumber lists first.
  const region = phone.country ?? phone.getPossibleCountries()[0] ?? '';
  return { e164: phone.number, region };
}
