/**
 * ITU-T E.164 as carriers take it (RBM paths, SMPP addresses) and as routing hands numbers on:
 * a plus sign, a non-zero first digit, at most 15 digits.
 */
const E164 = /^\+[1-9]\d{1,14}$/;

export function isE164(value: string): boolean {
  return E164.test(value);
}
