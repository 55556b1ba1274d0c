// Long runs of the base64 (standard or URL-safe) or hex alphabet: short ones decode to too
// little to hold a secret, and every decoded text is scanned again, so the floor saves work.
const MIN_RUN = 20;
const MIN_DECODED_BYTES = 8;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The texts hidden in a message as base64 or hex ("cGFzc3dvcmQ9…", "6768705f…"), for the
 * detectors to scan as if written in clear. Only decodings that are valid UTF-8 and read as
 * text are kept: hashes, ids and random tokens decode to binary and are dropped. One pass finds
 * the runs and each run is decoded once into fewer bytes than it has characters, so the work
 * is linear in the text.
 */
export function decodeEmbeddedTexts(text: string): string[] {
  const found: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (!isBase64Char(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < text.length && isBase64Char(text.charCodeAt(i))) i++;
    // Padding belongs to the run it ends.
    let end = i;
    while (end < text.length && end - i < 2 && text[end] === '=') end++;
    if (i - start >= MIN_RUN) {
      const run = text.slice(start, end);
      const decoded = asText(isHex(run) ? Buffer.from(run, 'hex') : Buffer.from(run, 'base64'));
      if (decoded !== undefined) found.push(decoded);
    }
    i = end;
  }
  return found;
}

function isBase64Char(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2b || c === 0x2f || c === 0x2d || c === 0x5f;
}

function isHex(run: string): boolean {
  if (run.length % 2 !== 0) return false;
  for (let i = 0; i < run.length; i++) {
    const c = run.charCodeAt(i) | 0x20;
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

/** Decoded bytes as text, or undefined when they are not UTF-8 or hold control characters. */
function asText(bytes: Buffer): string | undefined {
  if (bytes.length < MIN_DECODED_BYTES) return undefined;
  let decoded: string;
  try {
    decoded = utf8.decode(bytes);
  } catch {
    return undefined;
  }
  for (let i = 0; i < decoded.length; i++) {
    const c = decoded.charCodeAt(i);
    const control = (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f || c === 0xfffd;
    if (control) return undefined;
  }
  return decoded;
}
