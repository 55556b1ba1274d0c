import { decodeBase64url, decodedLength } from './base64url';

describe('strict base64url', () => {
  it('decodes canonical unpadded base64url', () => {
    const bytes = Buffer.from([0xfb, 0xff, 0x00, 0x10, 0x20]);
    expect(decodeBase64url(bytes.toString('base64url'))).toEqual(bytes);
    expect(decodeBase64url('')).toEqual(Buffer.alloc(0));
  });

  it.each(['+/8', 'AA==', 'A', 'AB', 'ab cd', 'Zm9v!'])('refuses %j (padding, standard alphabet, bad length or trailing bits)', (value) => {
    expect(decodeBase64url(value)).toBeUndefined();
  });

  it('predicts the decoded size from the encoded length', () => {
    for (const size of [0, 1, 2, 3, 31, 32, 33, 262_144]) expect(decodedLength(Buffer.alloc(size).toString('base64url').length)).toBe(size);
  });
});
