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
    ['pii.card_number', 'card 4111.1111.1111.1111 exp 12/29'],
    ['pii.card_number', 'Mastercard 5555  5555  5555  4444'],
    ['pii.card_number', 'number is 4242/4242/4242/4242'],
    ['pii.card_number', 'use 4000 - 0566 - 5566 - 5556 please'],
    ['pii.card_number', 'card: 5105_1051_0510_5100'],
    ['pii.card_number', 'pan 4111\t1111\t1111\t1111'],
    ['pii.card_number', 'amex 3782.822463.10005'],
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
    'Prices: 12.50 / 13.20 / 14.99 / 15.75 / 16.10 / 9.99',
    'Invoice 2026.11.0042.5577 is due on 01.12.2026.',
    'IP 192.168.100.254 / mask 255.255.255.0 / gw 192.168.100.1',
    'Call 06.12.34.56.78 or 01 23 45 67 89',
  ])('ignores: %s', (text) => {
    expect(detect(text)).toEqual([]);
  });

  it('copes with characters outside the BMP before a candidate', () => {
    expect(detect('🙂🙂 GB82 WEST 1234 5698 7654 32')).toEqual(['pii.iban']);
  });
});
