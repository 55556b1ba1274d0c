import { createHash, hkdfSync } from 'node:crypto';
import { deriveLinkKeys, hkdfBytes } from './key-derivation';

const S = new Uint8Array(32).map((_, i) => i);
const SALT = 'switchback/secure-link/v1';

describe('key derivation', () => {
  it('derives claimSecret with HKDF-SHA256(S, salt, "claim-secret") and the verifier as its SHA-256', async () => {
    const keys = await deriveLinkKeys(S);
    const expected = Buffer.from(hkdfSync('sha256', S, SALT, 'claim-secret', 32));
    expect(keys.claimSecret).toBe(expected.toString('base64url'));
    expect(keys.accessVerifier).toBe(createHash('sha256').update(expected).digest('base64url'));
  });

  it('derives a non-extractable AES-256-GCM payload key equal to HKDF(S, salt, "payload-key")', async () => {
    const { payloadKey } = await deriveLinkKeys(S);
    expect(payloadKey.extractable).toBe(false);
    expect(payloadKey.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
    const raw = Buffer.from(hkdfSync('sha256', S, SALT, 'payload-key', 32));
    const reference = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt']);
    const iv = new Uint8Array(12);
    const a = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, payloadKey, new Uint8Array([1, 2, 3]));
    const b = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, reference, new Uint8Array([1, 2, 3]));
    expect(Buffer.from(a)).toEqual(Buffer.from(b));
  });

  it('is deterministic and separates secrets', async () => {
    expect((await deriveLinkKeys(S)).accessVerifier).toBe((await deriveLinkKeys(S.slice())).accessVerifier);
    const other = S.slice();
    other[0] ^= 1;
    expect((await deriveLinkKeys(other)).claimSecret).not.toBe((await deriveLinkKeys(S)).claimSecret);
    expect(Buffer.from(await hkdfBytes(S, 'code-mode', 32))).toEqual(Buffer.from(hkdfSync('sha256', S, SALT, 'code-mode', 32)));
  });
});
