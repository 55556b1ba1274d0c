const E164 = /^\+[1-9]\d{1,14}$/;

/** ITU-T E.164 as RBM expects it in paths: a plus sign and up to 15 digits. */
export function isE164(value: string): boolean {
  return E164.test(value);
}
