import { sha256, toBase64Url, utf8 } from './encoding';
import { HKDF_SALT_LABEL } from './scheme.constants';

export type WebCryptoKey = Awaited<ReturnType<typeof globalThis.crypto.subtle.deriveKey>>;

/** What a link secret S unlocks: the payload key and the claim credential for the store. */
export interface LinkKeys {
  /** AES-256-GCM, non-extractable, decrypt/encrypt only. */
  payloadKey: WebCryptoKey;
  /** Sent to the store when claiming (base64url, 32 bytes). */
  claimSecret: string;
  /** SHA-256(claimSecret) — all the store keeps (base64url). */
  accessVerifier: string;
}

const subtle = () => globalThis.crypto.subtle;
const SALT = utf8(HKDF_SALT_LABEL);

/** HKDF-SHA256 with the scheme's fixed salt. */
export async function hkdfBytes(ikm: Uint8Array<ArrayBuffer>, info: string, length: number): Promise<Uint8Array<ArrayBuffer>> {
  const base = await subtle().importKey('raw', ikm, 'HKDF', false, ['deriveBits']);
  const bits = await subtle().deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: SALT, info: utf8(info) }, base, length * 8);
  return new Uint8Array(bits);
}

export async function deriveLinkKeys(linkSecret: Uint8Array<ArrayBuffer>): Promise<LinkKeys> {
  const base = await subtle().importKey('raw', linkSecret, 'HKDF', false, ['deriveKey', 'deriveBits']);
  const payloadKey = await subtle().deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: SALT, info: utf8('payload-key') },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
  const claimSecret = new Uint8Array(await subtle().deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: SALT, info: utf8('claim-secret') }, base, 256));
  return { payloadKey, claimSecret: toBase64Url(claimSecret), accessVerifier: toBase64Url(await sha256(claimSecret)) };
}
