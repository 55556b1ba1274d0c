import { randomBytes } from 'node:crypto';
import { concatBytes, fromBase64Url, fromUtf8, toBase64Url, utf8 } from './encoding';
import { SecureLinkError } from './secure-link.error';

describe('encoding', () => {
  it('round-trips base64url without padding and with the URL-safe alphabet', () => {
    const bytes = new Uint8Array([0xfb, 0xff, 0xfe, 0x00, 0x01]);
    const text = toBase64Url(bytes);
    expect(text).toBe('-__-AAE');
    expect(fromBase64Url(text)).toEqual(bytes);
    expect(toBase64Url(new Uint8Array(0))).toBe('');
  });

  it('matches Node for large inputs', () => {
    const bytes = new Uint8Array(randomBytes(100_001));
    expect(toBase64Url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
    expect(fromBase64Url(Buffer.from(bytes).toString('base64url'))).toEqual(bytes);
  });

  it('rejects characters outside base64url', () => {
    expect(() => fromBase64Url('ab+/')).toThrow(SecureLinkError);
    expect(() => fromBase64Url('a')).toThrow(SecureLinkError);
    // Non-zero trailing bits: 'AB' and 'AA' would both decode to one zero byte.
    expect(() => fromBase64Url('AB')).toThrow(SecureLinkError);
  });

  it('rejects invalid UTF-8 instead of substituting characters', () => {
    expect(fromUtf8(utf8('héllo ✓'))).toBe('héllo ✓');
    expect(() => fromUtf8(new Uint8Array([0xc3, 0x28]))).toThrow();
  });

  it('concatenates', () => {
    expect(concatBytes(new Uint8Array([1]), new Uint8Array([2, 3]))).toEqual(new Uint8Array([1, 2, 3]));
  });
});
