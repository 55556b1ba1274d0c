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

// Printed cards group their digits by 4 (4-4-4-4, 4-4-4-4-3), Amex and Diners 4-6-5 / 4-6-4.
const MIN_GROUP = 3;
const MAX_GROUP = 6;

/**
 * Looks for a card number inside a run of digit groups ("4111 1111 1111 1111 exp 12 29" gives
 * the groups 4111/1111/1111/1111): a card starts and ends on group edges and, when it spans
 * several groups, each is 3–6 digits long — so prices, dates and phone numbers in a row
 * ("12.50 / 13.20 / …") do not chain into a Luhn-valid number. Each start reaches at most
 * 19 digits ahead, so the work stays linear in the number of groups.
 */
export function containsCardNumber(groups: readonly string[]): boolean {
  for (let start = 0; start < groups.length; start++) {
    let digits = '';
    for (let end = start; end < groups.length; end++) {
      const group = groups[end];
      if (end > start && !isCardGroup(group)) break;
      digits += group;
      if (digits.length > MAX_DIGITS) break;
      if ((end === start || isCardGroup(groups[start])) && isCardNumber(digits)) return true;
    }
  }
  return false;
}

function isCardGroup(group: string): boolean {
  return group.length >= MIN_GROUP && group.length <= MAX_GROUP;
}
