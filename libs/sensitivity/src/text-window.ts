import RE2 from 're2';

export interface TextWindow {
  /** The part that is scanned, normalised. */
  readonly text: string;
  readonly truncated: boolean;
}

// Invisible format characters that would otherwise split a token and hide it from the rules.
const INVISIBLE = new RE2('[\\x{00AD}\\x{200B}-\\x{200D}\\x{2060}\\x{FEFF}]', 'gu');

/**
 * Bounds the work (at most `maxChars` UTF-16 units are scanned) and folds look-alike characters
 * (full-width digits and letters, ligatures) with NFKC so detectors see the canonical form.
 */
export function scanWindow(text: string, maxChars: number): TextWindow {
  const truncated = text.length > maxChars;
  let head = truncated ? text.slice(0, maxChars) : text;
  // Do not leave half a surrogate pair at the cut.
  const last = head.charCodeAt(head.length - 1);
  if (truncated && last >= 0xd800 && last <= 0xdbff) head = head.slice(0, -1);
  return { text: head.normalize('NFKC').replace(INVISIBLE, ''), truncated };
}
