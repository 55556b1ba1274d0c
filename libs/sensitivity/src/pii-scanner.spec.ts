import type { PiiDetectorId } from './detector-id';
import { PII_DETECTORS } from './pii-scanner';

function detect(text: string): PiiDetectorId[] {
  return PII_DETECTORS.filter((d) => d.found(text)).map((d) => d.id);
}

describe('PII detectors', () => {
  it.each([
    ['pii.card_number', 'Card: 4111 1111 1111 1111, exp 12/29'],
    ['pii.card_number', 'card 4111-1111-1111-1111'],
    ['pii.card_number', 'pan=4111111111111111'],
    ['pii.card_number', 'Amex 3782 822463 10005'],
    ['pii.iban', 'Please pay to GB82 WEST 1234 5698 7654 32 by Friday'],
    ['pii.iban', 'IBAN:DE89370400440532013000.'],
    ['pii.iban', 'iban de89 3704 0044 0532 0130 00'],
    ['pii.iban', 'Ref DE12 then DE89 3704 0044 0532 0130 00'],
    ['pii.us_ssn', 'SSN 123-45-6789 on file'],
    ['pii.us_ssn', 'social security number: 123456789'],
    ['pii.uk_nino', 'NI number AB 12 34 56 C'],
    ['pii.uk_nino', 'nino ab123456c'],
    ['pii.es_dni', 'DNI 12345678Z'],
    ['pii.es_dni', 'NIE X-1234567-L'],
  ] as const)('%s finds: %s', (id, text) => {
    expect(detect(text)).toEqual([id]);
  });

  it.each([
    'Your parcel arrives Tuesday',
    'Card: 4111 1111 1111 1112', // fails Luhn
    'Order 1234 5678 9012 3456 shipped', // fails Luhn
    'Please pay to GB83 WEST 1234 5698 7654 32', // wrong IBAN check digits
    'Call +44 20 7946 0958 or 0800 123 4567',
    'SSN 666-45-6789', // area 666 is never issued
    'Ref 123-45 6789', // mixed separators
    'NI number QQ 12 34 56 C', // the example prefix
    'DNI 12345678A', // wrong control letter
    'Meeting on 2024-01-15 at 10:30, room 12345678',
  ])('ignores: %s', (text) => {
    expect(detect(text)).toEqual([]);
  });

  it('copes with characters outside the BMP before a candidate', () => {
    expect(detect('🙂🙂 GB82 WEST 1234 5698 7654 32')).toEqual(['pii.iban']);
  });
});
