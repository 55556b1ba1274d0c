import { decodePayload, encodePayload, safeFileName } from './payload-framing';

describe('payload framing', () => {
  it('round-trips text, including the empty string and non-ASCII', () => {
    for (const text of ['', 'hello', 'pin: 1234 ✓ 日本 🔐']) {
      expect(decodePayload(encodePayload({ kind: 'text', text }, 1000))).toEqual({ kind: 'text', text });
    }
  });

  it('round-trips binary files with name and type', () => {
    const bytes = new Uint8Array([0, 255, 1, 2, 0x89, 0x50, 0x4e, 0x47]);
    const decoded = decodePayload(encodePayload({ kind: 'file', name: 'scan.png', mimeType: 'image/png', bytes }, 1000));
    expect(decoded).toEqual({ kind: 'file', name: 'scan.png', mimeType: 'image/png', bytes });
  });

  it('strips directories from file names and defaults odd MIME types', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\x\\a.txt')).toBe('a.txt');
    expect(safeFileName('..')).toBe('download');
    const decoded = decodePayload(encodePayload({ kind: 'file', name: 'a', mimeType: 'text/html; x=<script>', bytes: new Uint8Array(1) }, 100));
    expect(decoded).toMatchObject({ mimeType: 'application/octet-stream' });
  });

  it('enforces the maximum size with TOO_LARGE', () => {
    expect(() => encodePayload({ kind: 'file', name: 'big.bin', bytes: new Uint8Array(1001) }, 1000)).toThrow(expect.objectContaining({ code: 'TOO_LARGE' }));
    expect(() => encodePayload({ kind: 'text', text: 'x'.repeat(100) }, 50)).toThrow(expect.objectContaining({ code: 'TOO_LARGE' }));
  });

  it('rejects malformed frames', () => {
    for (const frame of [new Uint8Array(0), new Uint8Array([0, 50, 1]), new Uint8Array([0, 2, 0x7b, 0x7d]), new Uint8Array([0, 1, 0x7b])]) {
      expect(() => decodePayload(frame)).toThrow(expect.objectContaining({ code: 'BAD_PAYLOAD' }));
    }
  });
});
