/**
 * Second looks at the value captured after "password:"-style words. The shape of a password is
 * anything, so these reject what is clearly not one: links, masks, placeholders and code that
 * reads the secret from somewhere else (`os.environ["X"]`, `process.env.X`, `${X}`).
 */

const MASK_CHARS = '*•●·xX.';
const TRAILING_PUNCTUATION = '.,;:!?)';
const WORD_JOINERS = "-'\u2019";

/** The value of `password=...`, `"api_key": "..."`, `token: ...` (capture group 1). */
export function looksLikeAssignedSecret(match: readonly (string | undefined)[]): boolean {
  const value = match[1] ?? '';
  return !isLink(value) && !isMask(value) && !isReference(value);
}

/**
 * The value of "your password is X", "the wifi password is X", "PIN for the alarm: 7391"
 * (group 1 the word, group 2 the value). Prose needs more than shape: a password here must mix
 * letters with digits or symbols ("is case-sensitive" is not one), and a PIN must be 4–8 digits.
 */
export function looksLikePasswordInText(match: readonly (string | undefined)[]): boolean {
  const word = (match[1] ?? '').toLowerCase();
  const value = trimTrailingPunctuation(match[2] ?? '');
  if (word === 'pin') return value.length >= 4 && value.length <= 8 && isDigits(value);
  if (value.length < 6 || isLink(value) || isMask(value) || isReference(value)) return false;
  // Hyphens and apostrophes join ordinary words ("case-sensitive", "don't"); they do not count.
  let letters = false;
  let others = false;
  for (const ch of value) {
    if (isLetter(ch)) letters = true;
    else if (!WORD_JOINERS.includes(ch)) others = true;
  }
  return letters && others;
}

/**
 * "password Spring#2026" with no "is" or colon: only a value that mixes letters, digits and a
 * symbol counts, since "password reset" or "password on the fridge" is ordinary prose.
 */
export function looksLikeBarePassword(match: readonly (string | undefined)[]): boolean {
  const value = trimTrailingPunctuation(match[2] ?? '');
  if (value.length < 6 || isLink(value) || isMask(value) || isReference(value)) return false;
  let letters = false;
  let digits = false;
  let symbols = false;
  for (const ch of value) {
    if (isDigit(ch)) digits = true;
    else if (isLetter(ch)) letters = true;
    else if (!WORD_JOINERS.includes(ch)) symbols = true;
  }
  return letters && digits && symbols;
}

/**
 * "<word> key/token/secret <up to 30 chars>: <value>" (group 1 the word before, group 2 the gap,
 * group 3 the value): a long value mixing letters and digits, unless the key is called public
 * or the value is a UUID (idempotency keys, request tokens).
 */
export function looksLikeLabelledKey(match: readonly (string | undefined)[]): boolean {
  const before = (match[1] ?? '').toLowerCase();
  const gap = (match[2] ?? '').toLowerCase();
  const value = match[3] ?? '';
  if (before === 'public' || gap.includes('public') || isUuid(value)) return false;
  let letters = false;
  let digits = false;
  for (const ch of value) {
    if (isDigit(ch)) digits = true;
    else if (isLetter(ch)) letters = true;
  }
  return letters && digits;
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

function isLink(value: string): boolean {
  return value.includes('://') || value.toLowerCase().startsWith('www.');
}

function isMask(value: string): boolean {
  for (const ch of value) if (!MASK_CHARS.includes(ch)) return false;
  return true;
}

/**
 * `$X`, `${X}`, `{{ x }}`, `%(x)s`, or a dotted identifier path, optionally called or indexed:
 * `os.environ[`, `os.getenv(`, `process.env.GITHUB_TOKEN`, `req.headers.authorization?.split(`.
 */
function isReference(value: string): boolean {
  if (value.startsWith('$') || value.startsWith('{{') || value.startsWith('%(')) return true;
  let segments = 1;
  let segmentStart = true;
  for (const ch of value) {
    if (ch === '(' || ch === '[') return !segmentStart;
    if (ch === '.' || ch === '?') {
      if (segmentStart && ch === '.') return false;
      if (ch === '.') segments++;
      segmentStart = ch === '.';
      continue;
    }
    const identifierChar = isLetter(ch) || ch === '_' || ch === '$' || (!segmentStart && isDigit(ch));
    if (!identifierChar) return false;
    segmentStart = false;
  }
  return segments >= 2 && !segmentStart;
}

function trimTrailingPunctuation(value: string): string {
  let end = value.length;
  while (end > 0 && TRAILING_PUNCTUATION.includes(value[end - 1])) end--;
  return value.slice(0, end);
}

function isDigits(value: string): boolean {
  for (const ch of value) if (!isDigit(ch)) return false;
  return true;
}

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

/** Latin letters and the accented letters of the languages whose password words we match. */
function isLetter(ch: string): boolean {
  return ch.toLowerCase() !== ch.toUpperCase();
}
