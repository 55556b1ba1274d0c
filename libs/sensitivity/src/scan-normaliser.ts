import { CONFUSABLE_ASCII, DIGIT_ZEROS, IGNORABLE_RANGES, MARK_RANGES } from './unicode-tables.generated';

/**
 * The most a scanned text can grow by normalisation: NFKD expands one UTF-16 unit to at most
 * 18 (U+FDFA) and a look-alike becomes at most a few ASCII characters. The classifier fails
 * closed past a budget derived from this rather than scanning an unbounded text.
 */
export const MAX_EXPANSION = 18;

const CONFUSABLES: ReadonlyMap<number, string> = new Map(CONFUSABLE_ASCII);

/**
 * What the detectors see instead of the raw text, so that look-alikes cannot hide a secret:
 *  1. NFKD: full-width and other compatibility forms become plain ones, accents come apart;
 *  2. every default-ignorable or format (Cf) character is dropped: zero-width and bidi
 *     controls, invisible operators, variation selectors, tag characters, soft hyphens;
 *  3. combining marks on an ASCII letter are dropped ("p̶a̶s̶s̶" reads "pass");
 *  4. every decimal digit (\p{Nd}: Arabic-Indic, Devanagari, full-width, …) becomes ASCII;
 *  5. UTS #39 look-alikes of ASCII become that ASCII (Cyrillic "а" → "a", Greek "Ρ" → "P").
 * Each step is one table lookup per code point, so the whole is linear in the text. The
 * result is for matching only: the classifier reports detector ids, never offsets or text.
 */
export function normaliseForScan(text: string): string {
  const decomposed = text.normalize('NFKD');
  const firstNonAscii = indexOfNonAscii(decomposed);
  if (firstNonAscii < 0) return decomposed;

  const parts: string[] = [decomposed.slice(0, firstNonAscii)];
  let afterAscii = firstNonAscii > 0;
  let i = firstNonAscii;
  while (i < decomposed.length) {
    const cp = decomposed.codePointAt(i) as number;
    const width = cp > 0xffff ? 2 : 1;
    if (cp < 0x80) {
      parts.push(decomposed[i]);
      afterAscii = true;
    } else if (inRanges(IGNORABLE_RANGES, cp)) {
      // dropped; the character before it still decides whether a following mark is dropped
    } else if (inRanges(MARK_RANGES, cp)) {
      if (!afterAscii) parts.push(decomposed.slice(i, i + width));
    } else {
      const digit = decimalDigit(cp);
      const ascii = digit >= 0 ? String(digit) : CONFUSABLES.get(cp);
      parts.push(ascii ?? decomposed.slice(i, i + width));
      afterAscii = ascii !== undefined;
    }
    i += width;
  }
  return parts.join('');
}

function indexOfNonAscii(text: string): number {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return i;
  return -1;
}

/** Binary search in sorted inclusive [start, end] pairs. */
function inRanges(ranges: readonly number[], cp: number): boolean {
  let lo = 0;
  let hi = ranges.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < ranges[2 * mid]) hi = mid - 1;
    else if (cp > ranges[2 * mid + 1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/** The value of a non-ASCII decimal digit, or -1: every Nd run is ten code points from its zero. */
function decimalDigit(cp: number): number {
  let lo = 0;
  let hi = DIGIT_ZEROS.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const zero = DIGIT_ZEROS[mid];
    if (cp < zero) hi = mid - 1;
    else if (cp > zero + 9) lo = mid + 1;
    else return cp - zero;
  }
  return -1;
}
