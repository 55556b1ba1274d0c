import { fromBase64Url } from './encoding';
import { parseFragment } from './fragment';
import { openEnvelope, type HpkeEnvelope } from './hpke-envelope';
import { deriveLinkKeys, type LinkKeys } from './key-derivation';
import { linkSecretFromPassphrase } from './passphrase';
import { decryptFrame } from './payload-cipher';
import { decodePayload, type DecodedPayload } from './payload-framing';
import { ALGORITHM, DEFAULT_MAX_PAYLOAD_BYTES, DEVICE_INFO, ESCROW_INFO, IV_BYTES } from './scheme.constants';
import { SecureLinkError } from './secure-link.error';
import { linkSecretFromCode } from './short-code';

/** Turns the fragment (plus the passphrase or code it asks for) into the link's keys. */
export async function deriveFromFragment(fragment: string, secrets: { passphrase?: string; code?: string } = {}): Promise<LinkKeys> {
  const parsed = parseFragment(fragment);
  switch (parsed.mode) {
    case 'fragment':
      return deriveLinkKeys(parsed.linkSecret);
    case 'passphrase':
      if (!secrets.passphrase) throw new SecureLinkError('BAD_INPUT', 'this link needs a passphrase');
      return deriveLinkKeys(await linkSecretFromPassphrase(secrets.passphrase, parsed.salt, parsed.iterations));
    case 'code':
      if (!secrets.code) throw new SecureLinkError('BAD_INPUT', 'this link needs a code');
      return deriveLinkKeys(await linkSecretFromCode(parsed.anchor, secrets.code));
    case 'device':
      throw new SecureLinkError('BAD_INPUT', 'device links are opened in the app with openDeviceEnvelope');
  }
}

/** In-app (device) mode: the registered device's raw X25519 private key opens the envelope. */
export async function openDeviceEnvelope(envelope: HpkeEnvelope, devicePrivateKey: string): Promise<LinkKeys> {
  return deriveLinkKeys(await openEnvelope(envelope, devicePrivateKey, DEVICE_INFO));
}

/** Compliance escrow: the tenant's escrow private key recovers the link's keys. */
export async function openEscrowEnvelope(envelope: HpkeEnvelope, escrowPrivateKey: string): Promise<LinkKeys> {
  return deriveLinkKeys(await openEnvelope(envelope, escrowPrivateKey, ESCROW_INFO));
}

/**
 * Decrypts and decodes. Throws (TAMPERED, BAD_PAYLOAD, TOO_LARGE, UNSUPPORTED_VERSION) rather
 * than ever returning partial text.
 */
export async function openSecureLinkPayload(
  ciphertext: string | Uint8Array<ArrayBuffer>,
  keys: Pick<LinkKeys, 'payloadKey'>,
  options: { algorithm?: string; maxPayloadBytes?: number } = {},
): Promise<DecodedPayload> {
  if (options.algorithm !== undefined && options.algorithm !== ALGORITHM) throw new SecureLinkError('UNSUPPORTED_VERSION', `unknown algorithm ${options.algorithm}`);
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = typeof ciphertext === 'string' ? fromBase64Url(ciphertext) : ciphertext;
  } catch {
    throw new SecureLinkError('TAMPERED', 'ciphertext is not base64url');
  }
  const max = options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
  if (bytes.length > max + 1 + IV_BYTES + 16) throw new SecureLinkError('TOO_LARGE', `ciphertext over the ${max}-byte limit`);
  return decodePayload(await decryptFrame(keys.payloadKey, bytes));
}
