import type { IdentifiedKey } from '@switchback/config';
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/** A stored verifier and the id of the pepper that keyed it (null: a legacy, unkeyed row). */
export interface StoredVerifier {
  readonly keyId: string | null;
  readonly verifier: Buffer;
}

/** What is stored for a link: its keyed verifier and its ciphertext wrapped at rest. */
export interface ProtectedLink extends StoredVerifier {
  readonly ciphertext: Buffer;
}

export type VerifierCheck = 'match' | 'mismatch' | 'unknown_key';

const LABEL = 'switchback/payload-store/v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

interface Pepper {
  readonly verifierKey: Buffer;
  readonly wrapKey: Buffer;
}

/** SHA-256 of the claim secret: what senders send as `accessVerifier`, and what legacy rows hold. */
export const digestOf = (claimSecret: Buffer): Buffer => createHash('sha256').update(claimSecret).digest();

/**
 * The store's peppers (LINK_PEPPERS), which the database never holds. Each link is stored with
 * the id of the pepper that protects it:
 * - verifier = HMAC-SHA256(verifierKey, linkId ‖ SHA-256(claimSecret)): a database reader can
 *   neither claim nor test guesses of a code or passphrase against it offline;
 * - ciphertext = AES-256-GCM(wrapKey, AAD = linkId and key id) of the sender's ciphertext: else
 *   the sender's ciphertext itself would be an offline oracle for someone holding the link's
 *   fragment (a code's anchor, a passphrase's salt) and a dump.
 * Both keys are derived from the pepper (HKDF), one per purpose. Without any pepper
 * (development) links are stored as before: plain SHA-256 and the sender's ciphertext.
 */
export class LinkKeyring {
  private readonly peppers = new Map<string, Pepper>();
  /** The id new links are protected with; null when no pepper is configured (development). */
  readonly currentKeyId: string | null;

  constructor(peppers: readonly IdentifiedKey[]) {
    for (const { id, key } of peppers) {
      const derive = (purpose: string) => Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `${LABEL} ${purpose} ${id}`, 32));
      this.peppers.set(id, { verifierKey: derive('verifier'), wrapKey: derive('at-rest') });
    }
    this.currentKeyId = peppers[0]?.id ?? null;
  }

  /** What to store for a new (or legacy) link, from the sender's SHA-256 verifier and ciphertext. */
  protect(linkId: string, accessVerifier: Buffer, ciphertext: Buffer): ProtectedLink {
    const keyId = this.currentKeyId;
    const pepper = keyId === null ? undefined : this.peppers.get(keyId);
    if (keyId === null || !pepper) return { keyId: null, verifier: accessVerifier, ciphertext };
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', pepper.wrapKey, iv);
    cipher.setAAD(aadOf(linkId, keyId));
    const sealed = Buffer.concat([iv, cipher.update(ciphertext), cipher.final(), cipher.getAuthTag()]);
    return { keyId, verifier: keyedVerifier(pepper, linkId, accessVerifier), ciphertext: sealed };
  }

  /** The verifier a claim secret has under each known pepper, and unkeyed (legacy rows). */
  candidates(linkId: string, claimSecret: Buffer): StoredVerifier[] {
    const digest = digestOf(claimSecret);
    return [...[...this.peppers].map(([keyId, pepper]) => ({ keyId, verifier: keyedVerifier(pepper, linkId, digest) })), { keyId: null, verifier: digest }];
  }

  /** Constant-time check of a presented claim secret against a stored verifier. */
  check(linkId: string, claimSecret: Buffer, stored: StoredVerifier): VerifierCheck {
    const digest = digestOf(claimSecret);
    let presented = digest;
    if (stored.keyId !== null) {
      const pepper = this.peppers.get(stored.keyId);
      // A pepper removed from the configuration: nobody can open the link any more.
      if (!pepper) return 'unknown_key';
      presented = keyedVerifier(pepper, linkId, digest);
    }
    return stored.verifier.length === presented.length && timingSafeEqual(presented, stored.verifier) ? 'match' : 'mismatch';
  }

  /** The sender's ciphertext back from what is stored; throws if it was tampered with or the pepper is gone. */
  open(linkId: string, keyId: string | null, stored: Buffer): Buffer {
    if (keyId === null) return stored;
    const pepper = this.peppers.get(keyId);
    if (!pepper) throw new Error(`pepper ${keyId} is not configured`);
    const decipher = createDecipheriv('aes-256-gcm', pepper.wrapKey, stored.subarray(0, IV_BYTES));
    decipher.setAAD(aadOf(linkId, keyId));
    decipher.setAuthTag(stored.subarray(stored.length - TAG_BYTES));
    return Buffer.concat([decipher.update(stored.subarray(IV_BYTES, stored.length - TAG_BYTES)), decipher.final()]);
  }
}

const aadOf = (linkId: string, keyId: string): Buffer => Buffer.from(`${LABEL}|${linkId}|${keyId}`, 'utf8');

const keyedVerifier = (pepper: Pepper, linkId: string, digest: Buffer): Buffer => createHmac('sha256', pepper.verifierKey).update(`${linkId}|`).update(digest).digest();

