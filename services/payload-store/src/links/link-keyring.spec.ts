import { createHash, randomBytes } from 'node:crypto';
import { LinkKeyring } from './link-keyring';

const ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const p1 = { id: 'p1', key: randomBytes(32) };
const p2 = { id: 'p2', key: randomBytes(32) };
const claimSecret = randomBytes(32);
const digest = createHash('sha256').update(claimSecret).digest();
const ciphertext = randomBytes(100);

describe('LinkKeyring', () => {
  const keyring = new LinkKeyring([p1]);
  const stored = keyring.protect(ID, digest, ciphertext);

  it('stores neither the SHA-256 verifier nor the sender ciphertext, only their peppered forms', () => {
    expect(stored.keyId).toBe('p1');
    expect(stored.verifier).toHaveLength(32);
    expect(stored.verifier.equals(digest)).toBe(false);
    expect(stored.ciphertext.includes(ciphertext.subarray(0, 16))).toBe(false);
    expect(keyring.open(ID, 'p1', stored.ciphertext)).toEqual(ciphertext);
  });

  it('matches only the right claim secret, for this link only', () => {
    expect(keyring.check(ID, claimSecret, stored)).toBe('match');
    expect(keyring.check(ID, randomBytes(32), stored)).toBe('mismatch');
    expect(keyring.check('BBBBBBBBBBBBBBBBBBBBBB', claimSecret, stored)).toBe('mismatch');
    expect(() => keyring.open('BBBBBBBBBBBBBBBBBBBBBB', 'p1', stored.ciphertext)).toThrow();
  });

  it('gives a dump nothing to test guesses against: without the pepper, even the right secret does not match', () => {
    // What an attacker holding the rows (and the fragment) but not LINK_PEPPERS can compute.
    const attacker = new LinkKeyring([{ id: 'p1', key: randomBytes(32) }]);
    expect(attacker.check(ID, claimSecret, stored)).toBe('mismatch');
    expect(() => attacker.open(ID, 'p1', stored.ciphertext)).toThrow();
    expect(keyring.candidates(ID, claimSecret).some((c) => c.keyId === 'p1' && c.verifier.equals(stored.verifier))).toBe(true);
    expect(attacker.candidates(ID, claimSecret).some((c) => c.keyId === 'p1' && c.verifier.equals(stored.verifier))).toBe(false);
  });

  it('rotates: new links use the first pepper, older ids verify until removed from the configuration', () => {
    const rotated = new LinkKeyring([p2, p1]);
    const fresh = rotated.protect(ID, digest, ciphertext);
    expect(fresh.keyId).toBe('p2');
    expect(rotated.check(ID, claimSecret, fresh)).toBe('match');
    expect(rotated.check(ID, claimSecret, stored)).toBe('match');
    expect(rotated.open(ID, 'p1', stored.ciphertext)).toEqual(ciphertext);
    const retired = new LinkKeyring([p2]);
    expect(retired.check(ID, claimSecret, stored)).toBe('unknown_key');
    expect(() => retired.open(ID, 'p1', stored.ciphertext)).toThrow('pepper p1 is not configured');
  });

  it('still verifies legacy rows (no key id: SHA-256 of the claim secret, ciphertext as sent)', () => {
    const legacy = { keyId: null, verifier: digest };
    expect(keyring.check(ID, claimSecret, legacy)).toBe('match');
    expect(keyring.check(ID, randomBytes(32), legacy)).toBe('mismatch');
    expect(keyring.candidates(ID, claimSecret)).toContainEqual(legacy);
    expect(keyring.open(ID, null, ciphertext)).toBe(ciphertext);
  });

  it('without a pepper (development) stores links as before', () => {
    const none = new LinkKeyring([]);
    expect(none.currentKeyId).toBeNull();
    expect(none.protect(ID, digest, ciphertext)).toEqual({ keyId: null, verifier: digest, ciphertext });
    expect(none.candidates(ID, claimSecret)).toEqual([{ keyId: null, verifier: digest }]);
  });
});
