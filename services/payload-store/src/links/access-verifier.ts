import { createHash, timingSafeEqual } from 'node:crypto';

/** What the store keeps of a claim secret: SHA-256, so a database reader cannot claim. */
export const accessVerifierOf = (claimSecret: Buffer): Buffer => createHash('sha256').update(claimSecret).digest();

/** Constant-time check of a presented claim secret against the stored verifier. */
export function verifierMatches(claimSecret: Buffer, stored: Buffer): boolean {
  const presented = accessVerifierOf(claimSecret);
  return stored.length === presented.length && timingSafeEqual(presented, stored);
}
