/**
 * Second look at a value found next to a credential word ("api key 8fJ2kL9q…", "… is the deploy
 * token"): only a long, generated-looking value counts. Generated means letters mixed with
 * digits and a Shannon entropy of at least ENTROPY_FLOOR bits per character — the threshold
 * gitleaks uses for its generic-api-key rule. Tracking numbers, order ids and words fall below.
 */
const ENTROPY_FLOOR = 3.5;
const MIN_LENGTH = 16;
const TRAILING = '.,;:!?)]}\'"';

/** Token-before-keyword form: group 1 is the value. */
export function looksLikeGeneratedToken(match: readonly (string | undefined)[]): boolean {
  return isGenerated(trimEnd(match[1] ?? ''));
}

/**
 * Keyword-after-token form ("<value> is the deploy token"): a value of hex digits only is let
 * go, since a commit hash is routinely followed by prose that mentions keys.
 */
export function looksLikeGeneratedTokenBeforeWord(match: readonly (string | undefined)[]): boolean {
  const value = trimEnd(match[1] ?? '');
  return !isHexOrDashes(value) && isGenerated(value);
}

export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

function isGenerated(value: string): boolean {
  if (value.length < MIN_LENGTH || value.startsWith('/') || value.toLowerCase().startsWith('www.') || isUuid(value)) return false;
  // A host name or a path ("example.com/reset/…") is a link, not a key.
  const slash = value.indexOf('/');
  if (slash > 0 && value.slice(0, slash).includes('.')) return false;
  let letters = 0;
  let digits = 0;
  for (const ch of value) {
    if (ch >= '0' && ch <= '9') digits++;
    else if (ch.toLowerCase() !== ch.toUpperCase()) letters++;
  }
  return letters > 0 && digits > 0 && !isCodeOfWords(value) && shannonEntropy(value) >= ENTROPY_FLOOR;
}

/**
 * "SPRING-SALE-2026-XYZ", "ORD-2026-ABC": upper-case segments with a whole word among them are
 * promo codes and references people type, not generated keys (which mix case or are one run).
 */
function isCodeOfWords(value: string): boolean {
  if (value !== value.toUpperCase()) return false;
  const segments = splitOn(value, '-_.');
  const isWord = (segment: string): boolean => segment.length >= 3 && [...segment].every((ch) => ch.toLowerCase() !== ch);
  return segments.length > 1 && segments.some(isWord);
}

function splitOn(value: string, separators: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (const ch of value) {
    if (separators.includes(ch)) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

function trimEnd(value: string): string {
  let end = value.length;
  while (end > 0 && TRAILING.includes(value[end - 1])) end--;
  return value.slice(0, end);
}

function isHexOrDashes(value: string): boolean {
  for (const ch of value) if (!'0123456789abcdefABCDEF-'.includes(ch)) return false;
  return true;
}

function isUuid(value: string): boolean {
  if (value.length !== 36) return false;
  for (let i = 0; i < value.length; i++) {
    const dash = i === 8 || i === 13 || i === 18 || i === 23;
    if (dash !== (value[i] === '-')) return false;
    if (!dash && !'0123456789abcdefABCDEF'.includes(value[i])) return false;
  }
  return true;
}
