import { concatBytes, randomBytes, utf8 } from './encoding';
import type { WebCryptoKey } from './key-derivation';
import { AAD_LABEL, IV_BYTES, SCHEME_VERSION } from './scheme.constants';
import { SecureLinkError } from './secure-link.error';

// ciphertext = version (1 byte) || iv (12 bytes) || AES-256-GCM(frame) incl. 16-byte tag.
// The AAD binds the scheme and algorithm id, so a ciphertext cannot be replayed under another.
const AAD = utf8(AAD_LABEL);
const TAG_BYTES = 16;

export async function encryptFrame(key: WebCryptoKey, frame: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const iv = randomBytes(IV_BYTES);
  const sealed = await globalThis.crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: AAD }, key, frame);
  return concatBytes(new Uint8Array([SCHEME_VERSION]), iv, new Uint8Array(sealed));
}

/** Returns the whole frame or throws: GCM verifies the tag before releasing any plaintext. */
export async function decryptFrame(key: WebCryptoKey, ciphertext: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  if (ciphertext.length < 1 + IV_BYTES + TAG_BYTES) throw new SecureLinkError('TAMPERED', 'ciphertext is truncated');
  if (ciphertext[0] !== SCHEME_VERSION) throw new SecureLinkError('UNSUPPORTED_VERSION', `ciphertext version ${ciphertext[0]}`);
  const iv = ciphertext.subarray(1, 1 + IV_BYTES);
  try {
    const frame = await globalThis.crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: AAD }, key, ciphertext.subarray(1 + IV_BYTES));
    return new Uint8Array(frame);
  } catch {
    throw new SecureLinkError('TAMPERED', 'could not decrypt: the link is damaged or the key is wrong');
  }
}
