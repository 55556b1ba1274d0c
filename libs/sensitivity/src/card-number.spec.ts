import { containsCardNumber, isCardNumber } from './card-number';
import { passesLuhn } from './luhn';

describe('isCardNumber', () => {
  it.each([
    ['Visa test card', '4111111111111111'],
    ['Mastercard test card', '5555555555554444'],
    ['Mastercard 2-series test card', '2223003122003222'],
    ['Amex test card (15 digits)', '378282246310005'],
    ['Visa 13-digit', '4222222222222'],
  ])('accepts the %s', (_name, digits) => {
    expect(isCardNumber(digits)).toBe(true);
  });

  it('rejects a card number failing Luhn', () => {
    expect(isCardNumber('4111111111111112')).toBe(false);
  });

  it('rejects Luhn-valid numbers outside card issuer ranges or lengths', () => {
    for (const n of ['79927398713', '0000000000000000', '9999999999999995']) expect(passesLuhn(n)).toBe(true);
    expect(isCardNumber('79927398713')).toBe(false); // too short
    expect(isCardNumber('0000000000000000')).toBe(false); // MII 0
    expect(isCardNumber('9999999999999995')).toBe(false); // MII 9: national use, not cards
  });
});

describe('containsCardNumber', () => {
  it('finds a card on group edges among other digit groups', () => {
    expect(containsCardNumber(['4111', '1111', '1111', '1111', '12', '29'])).toBe(true);
    expect(containsCardNumber(['99', '4111', '1111', '1111', '1111'])).toBe(true);
  });

  it('does not cut a card out of the middle of a longer group', () => {
    expect(isCardNumber('4111111111111111')).toBe(true);
    expect(containsCardNumber(['94111111111111111'])).toBe(false);
  });

  it('joins several groups only when each is 3–6 digits, as printed on cards', () => {
    expect(containsCardNumber(['3782', '822463', '10005'])).toBe(true);
    // 4111111111111111 split into pairs, as a list of prices or a date chain would be
    expect(containsCardNumber(['41', '11', '11', '11', '11', '11', '11', '11'])).toBe(false);
  });
});
