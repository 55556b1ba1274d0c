import { passesLuhn } from './luhn';

describe('passesLuhn', () => {
  it.each(['4111111111111111', '5555555555554444', '378282246310005', '79927398713'])('accepts %s', (digits) => {
    expect(passesLuhn(digits)).toBe(true);
  });

  it.each(['4111111111111112', '79927398710', '1234567812345678'])('rejects %s (wrong check digit)', (digits) => {
    expect(passesLuhn(digits)).toBe(false);
  });

  it('rejects anything that is not only digits, and the empty string', () => {
    expect(passesLuhn('4111 1111 1111 1111')).toBe(false);
    expect(passesLuhn('41111111111111a1')).toBe(false);
    expect(passesLuhn('')).toBe(false);
  });
});
