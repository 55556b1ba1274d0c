// HMRC never issues these letters in the prefix, nor these prefixes (QQ is the example prefix).
const BAD_FIRST = 'DFIQUV';
const BAD_SECOND = 'DFIOQUV';
const BAD_PREFIXES = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);

/** UK National Insurance number, compact upper case: two letters, six digits, suffix A–D. */
export function isValidNino(nino: string): boolean {
  if (nino.length !== 9) return false;
  const [first, second] = nino;
  if (!isUpper(first) || !isUpper(second) || BAD_FIRST.includes(first) || BAD_SECOND.includes(second)) return false;
  if (BAD_PREFIXES.has(nino.slice(0, 2))) return false;
  for (let i = 2; i < 8; i++) {
    const c = nino.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return 'ABCD'.includes(nino[8]);
}

function isUpper(ch: string): boolean {
  return ch >= 'A' && ch <= 'Z';
}
