import { passesLuhn } from './luhn';

const MIN_DIGITS = 13;
const MAX_DIGITS = 19;

/**
 * A payment card number: 13–19 digits, issued by a bank or card scheme (ISO/IEC 7812 major
 * industry identifier 2–6: Mastercard 2-series, Amex/Diners/JCB, Visa, Mastercard/Maestro,
 * Discover/UnionPay), passing Luhn. The MII check drops most Luhn-valid order and phone numbers.
 */
export function isCardNumber(digits: string): boolean {
  if (digits.length < MIN_DIGITS || digits.length > MAX_DIGITS) return false;
  const mii = digits.charCodeAt(0) - 48;
  return mii >= 2 && mii <= 6 && passesLuhn(digits);
}

/**
 * Looks for a card number inside a run of digit groups ("4111 1111 1111 1111 exp 12 29" gives
 * the groups 4111/1111/1111/1111): a card starts and ends on group edges. Each start reaches at
 * most 19 digits ahead, so the work stays linear in the number of groups.
 */
export function containsCardNumber(groups: readonly string[]): boolean {
  for (let start = 0; start < groups.length; start++) {
    let digits = '';
    for (let end = start; end < groups.length; end++) {
      digits += groups[end];
      if (digits.length > MAX_DIGITS) break;
      if (isCardNumber(digits)) return true;
    }
  }
  return false;
}
