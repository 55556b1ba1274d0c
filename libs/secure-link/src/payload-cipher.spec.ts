import { utf8 } from './encoding';
import { deriveLinkKeys } from './key-derivation';
import { decryptFrame, encryptFrame } from './payload-cipher';

describe('payload cipher', () => {
  const keyFor = async (fill: number) => (await deriveLinkKeys(new Uint8Array(32).fill(fill))).payloadKey;

  it('lays out version || iv || ct+tag and round-trips', async () => {
    const key = await keyFor(1);
    const ct = await encryptFrame(key, utf8('hello'));
    expect(ct[0]).toBe(1);
    expect(ct.length).toBe(1 + 12 + 5 + 16);
    expect(await decryptFrame(key, ct)).toEqual(utf8('hello'));
  });

  it('uses a fresh IV every time', async () => {
    const key = await keyFor(1);
    const a = await encryptFrame(key, utf8('x'));
    const b = await encryptFrame(key, utf8('x'));
    expect(Buffer.from(a.subarray(1, 13))).not.toEqual(Buffer.from(b.subarray(1, 13)));
  });

  it('fails closed with TAMPERED on any flipped bit, a truncation or the wrong key', async () => {
    const key = await keyFor(1);
    const ct = await encryptFrame(key, utf8('secret text'));
    for (const index of [1, 12, 13, ct.length - 1]) {
      const flipped = ct.slice();
      flipped[index] ^= 0x01;
      await expect(decryptFrame(key, flipped)).rejects.toMatchObject({ code: 'TAMPERED' });
    }
    await expect(decryptFrame(key, ct.slice(0, 20))).rejects.toMatchObject({ code: 'TAMPERED' });
    await expect(decryptFrame(await keyFor(2), ct)).rejects.toMatchObject({ code: 'TAMPERED' });
  });

  it('refuses unknown versions', async () => {
    const key = await keyFor(1);
    const ct = await encryptFrame(key, utf8('x'));
    ct[0] = 2;
    await expect(decryptFrame(key, ct)).rejects.toMatchObject({ code: 'UNSUPPORTED_VERSION' });
  });
});
