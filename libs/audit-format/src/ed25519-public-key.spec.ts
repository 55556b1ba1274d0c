import { generateKeyPairSync } from 'node:crypto';
import { keyFingerprint, parsePublicKey, rawPublicKey } from './ed25519-public-key';

describe('Ed25519 public keys', () => {
  it('reads a public key as PEM, base64 SPKI or base64 raw', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const spki = publicKey.export({ format: 'der', type: 'spki' });
    const raw = spki.subarray(12);
    expect(parsePublicKey(publicKey.export({ format: 'pem', type: 'spki' }).toString())).toEqual(raw);
    expect(parsePublicKey(spki.toString('base64'))).toEqual(raw);
    expect(parsePublicKey(raw.toString('base64'))).toEqual(raw);
    expect(() => parsePublicKey(Buffer.alloc(20).toString('base64'))).toThrow(/Ed25519/);
  });

  it('gives the same raw key and fingerprint for a private key and its public key', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    expect(rawPublicKey(privateKey)).toEqual(rawPublicKey(publicKey));
    expect(keyFingerprint(rawPublicKey(privateKey))).toMatch(/^[0-9a-f]{64}$/);
  });
});
