import { utf8 } from './encoding';
import { LINK_SECRET_BYTES, PBKDF2_MIN_ITERATIONS } from './scheme.constants';
import { SecureLinkError } from './secure-link.error';

/** S = PBKDF2-SHA256(NFC(passphrase), salt, iterations, 32 bytes). */
export async function linkSecretFromPassphrase(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array<ArrayBuffer>> {
  if (passphrase.length === 0) throw new SecureLinkError('BAD_INPUT', 'passphrase is empty');
  if (iterations < PBKDF2_MIN_ITERATIONS) throw new SecureLinkError('WEAK_KDF', `at least ${PBKDF2_MIN_ITERATIONS} iterations`);
  const subtle = globalThis.crypto.subtle;
  // NFC so that the same passphrase typed on different keyboards/OSes derives the same key.
  const base = await subtle.importKey('raw', utf8(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveBits']);
  return new Uint8Array(await subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base, LINK_SECRET_BYTES * 8));
}
