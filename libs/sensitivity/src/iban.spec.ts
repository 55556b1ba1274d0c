import { ibanRemainder, isValidIban } from './iban';

describe('isValidIban', () => {
  it.each(['GB82WEST12345698765432', 'DE89370400440532013000', 'NL91ABNA0417164300', 'FR1420041010050500013M02606', 'NO9386011117947'])(
    'accepts the published example %s',
    (iban) => {
      expect(ibanRemainder(iban)).toBe(1);
      expect(isValidIban(iban)).toBe(true);
    },
  );

  it('rejects a wrong check digit', () => {
    expect(isValidIban('GB83WEST12345698765432')).toBe(false);
    expect(isValidIban('DE88370400440532013000')).toBe(false);
  });

  it('rejects a wrong length for the country, an unknown country and bad characters', () => {
    expect(isValidIban('GB82WEST1234569876543')).toBe(false);
    expect(isValidIban('QQ82WEST12345698765432')).toBe(false);
    expect(isValidIban('GB82WEST1234569876543!')).toBe(false);
  });

  it('rejects the reserved check digits 00, 01 and 99', () => {
    expect(isValidIban('GB00WEST12345698765432')).toBe(false);
    expect(isValidIban('GB01WEST12345698765432')).toBe(false);
    expect(isValidIban('GB99WEST12345698765432')).toBe(false);
  });
});
