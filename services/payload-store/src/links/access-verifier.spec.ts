import { createHash, randomBytes } from 'node:crypto';
import { accessVerifierOf, verifierMatches } from './access-verifier';

describe('access verifier', () => {
  const secret = randomBytes(32);
  const stored = createHash('sha256').update(secret).digest();

  it('is the SHA-256 of the claim secret, so the store cannot claim with what it keeps', () => {
    expect(accessVerifierOf(secret)).toEqual(stored);
    expect(accessVerifierOf(secret)).not.toEqual(secret);
  });

  it('matches only the right secret', () => {
    expect(verifierMatches(secret, stored)).toBe(true);
    const wrong = Buffer.from(secret);
    wrong[31] = wrong[31]! ^ 1;
    expect(verifierMatches(wrong, stored)).toBe(false);
    expect(verifierMatches(stored, stored)).toBe(false);
  });

  it('refuses a stored verifier of another length without throwing', () => {
    expect(verifierMatches(secret, stored.subarray(0, 16))).toBe(false);
  });
});
