import { MAX_EXPANSION, normaliseForScan } from './scan-normaliser';

export interface TextWindow {
  /** The part that is scanned, normalised for matching (see scan-normaliser.ts). */
  readonly text: string;
  readonly truncated: boolean;
}

/**
 * Bounds the work: at most `maxChars` UTF-16 units of the input are scanned, and their
 * normalised form is cut at `MAX_EXPANSION × maxChars` (only reachable with text made of
 * expanding compatibility characters), which also reports the window as truncated.
 */
export function scanWindow(text: string, maxChars: number): TextWindow {
  let truncated = text.length > maxChars;
  let head = truncated ? text.slice(0, maxChars) : text;
  // Do not leave half a surrogate pair at the cut.
  const last = head.charCodeAt(head.length - 1);
  if (truncated && last >= 0xd800 && last <= 0xdbff) head = head.slice(0, -1);
  let normalised = normaliseForScan(head);
  const limit = MAX_EXPANSION * maxChars;
  if (normalised.length > limit) {
    normalised = normalised.slice(0, limit);
    truncated = true;
  }
  return { text: normalised, truncated };
}
