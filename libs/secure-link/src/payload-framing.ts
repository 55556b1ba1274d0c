import { concatBytes, fromUtf8, utf8 } from './encoding';
import { SecureLinkError } from './secure-link.error';

/** A message or a file (the "send a file over SMS" case) before encryption. */
export type PayloadInput = { kind: 'text'; text: string } | { kind: 'file'; name: string; mimeType?: string; bytes: Uint8Array };
export type DecodedPayload = { kind: 'text'; text: string } | { kind: 'file'; name: string; mimeType: string; bytes: Uint8Array<ArrayBuffer> };

// Frame: u16 big-endian header length || UTF-8 JSON header || body bytes.
// The header is {"kind":"text"} or {"kind":"file","name":…,"mimeType":…}.
const MAX_HEADER_BYTES = 1024;
const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/i;
const DEFAULT_MIME = 'application/octet-stream';

/** Keeps a display/download name only: no directories, no control characters, bounded. */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (name.split(/[/\\]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
  return base === '' || base === '.' || base === '..' ? 'download' : base;
}

export function encodePayload(input: PayloadInput, maxBytes: number): Uint8Array<ArrayBuffer> {
  const header =
    input.kind === 'text'
      ? { kind: 'text' }
      : { kind: 'file', name: safeFileName(input.name), mimeType: input.mimeType && MIME.test(input.mimeType) ? input.mimeType.toLowerCase() : DEFAULT_MIME };
  const body = input.kind === 'text' ? utf8(input.text) : input.bytes;
  const headerBytes = utf8(JSON.stringify(header));
  if (headerBytes.length > MAX_HEADER_BYTES) throw new SecureLinkError('BAD_INPUT', 'file name too long');
  const total = 2 + headerBytes.length + body.length;
  if (total > maxBytes) throw new SecureLinkError('TOO_LARGE', `payload is ${total} bytes; the limit is ${maxBytes}`);
  const length = new Uint8Array([headerBytes.length >> 8, headerBytes.length & 0xff]);
  return concatBytes(length, headerBytes, body);
}

const invalid = () => new SecureLinkError('BAD_PAYLOAD', 'decrypted payload is not a valid frame');

export function decodePayload(frame: Uint8Array<ArrayBuffer>): DecodedPayload {
  if (frame.length < 2) throw invalid();
  const headerLength = (frame[0] << 8) | frame[1];
  if (headerLength > MAX_HEADER_BYTES || 2 + headerLength > frame.length) throw invalid();
  let header: { kind?: unknown; name?: unknown; mimeType?: unknown };
  try {
    header = JSON.parse(fromUtf8(frame.subarray(2, 2 + headerLength)));
  } catch {
    throw invalid();
  }
  const body = frame.slice(2 + headerLength);
  if (header?.kind === 'text') {
    try {
      return { kind: 'text', text: fromUtf8(body) };
    } catch {
      throw invalid();
    }
  }
  if (header?.kind === 'file' && typeof header.name === 'string') {
    const mimeType = typeof header.mimeType === 'string' && MIME.test(header.mimeType) ? header.mimeType : DEFAULT_MIME;
    return { kind: 'file', name: safeFileName(header.name), mimeType, bytes: body };
  }
  throw invalid();
}
