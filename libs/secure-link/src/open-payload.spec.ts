import { createSecureLinkPayload } from './create-payload';
import { fromBase64Url, toBase64Url } from './encoding';
import { deriveFromFragment, openSecureLinkPayload } from './open-payload';

const TEXT = 'door code 4711 — bring the blue key ✓';

describe('openSecureLinkPayload fails closed', () => {
  it('a bit flip anywhere gives TAMPERED and no text', async () => {
    const link = await createSecureLinkPayload({ plaintext: TEXT, keyMode: 'fragment' });
    const keys = await deriveFromFragment(link.fragment);
    const bytes = fromBase64Url(link.ciphertext);
    for (const index of [5, 20, bytes.length - 3]) {
      const flipped = bytes.slice();
      flipped[index] ^= 0x80;
      await expect(openSecureLinkPayload(toBase64Url(flipped), keys)).rejects.toMatchObject({ code: 'TAMPERED' });
    }
  });

  it('the wrong fragment key gives TAMPERED', async () => {
    const a = await createSecureLinkPayload({ plaintext: TEXT, keyMode: 'fragment' });
    const b = await createSecureLinkPayload({ plaintext: TEXT, keyMode: 'fragment' });
    await expect(openSecureLinkPayload(a.ciphertext, await deriveFromFragment(b.fragment))).rejects.toMatchObject({ code: 'TAMPERED' });
  });

  it('rejects an unknown algorithm id and garbage ciphertext', async () => {
    const link = await createSecureLinkPayload({ plaintext: TEXT, keyMode: 'fragment' });
    const keys = await deriveFromFragment(link.fragment);
    await expect(openSecureLinkPayload(link.ciphertext, keys, { algorithm: 'A128CBC' })).rejects.toMatchObject({ code: 'UNSUPPORTED_VERSION' });
    await expect(openSecureLinkPayload('%%%', keys)).rejects.toMatchObject({ code: 'TAMPERED' });
  });
});
