import { randomBytes, toBase64Url } from './encoding';
import { formatFragment, type KeyMode, type ParsedFragment } from './fragment';
import { sealToPublicKey, type HpkeEnvelope } from './hpke-envelope';
import { deriveLinkKeys } from './key-derivation';
import { linkSecretFromPassphrase } from './passphrase';
import { encryptFrame } from './payload-cipher';
import { encodePayload, type PayloadInput } from './payload-framing';
import { ALGORITHM, CODE_ANCHOR_BYTES, DEFAULT_MAX_PAYLOAD_BYTES, DEVICE_INFO, ESCROW_INFO, LINK_SECRET_BYTES, PBKDF2_MIN_ITERATIONS, PBKDF2_SALT_BYTES } from './scheme.constants';
import { SecureLinkError } from './secure-link.error';
import { generateCode, linkSecretFromCode, normaliseCode } from './short-code';

export interface CreateSecureLinkOptions {
  /** Exactly one of `plaintext` and `file`. */
  plaintext?: string;
  file?: { name: string; mimeType?: string; bytes: Uint8Array };
  keyMode: KeyMode;
  /** `passphrase` mode: agreed with the recipient out of band; never put in the link. */
  passphrase?: string;
  /** `passphrase` mode: PBKDF2 iterations, at least 600000 (the default). */
  iterations?: number;
  /**
   * `code` mode: a code the caller already holds (CODE_LENGTH characters of CODE_ALPHABET), for
   * a code handed to the sender before the link exists; a random one is drawn when absent.
   */
  code?: string;
  /** `device` mode: the recipient's registered raw X25519 public key, base64url. */
  devicePublicKey?: string;
  /** Compliance escrow: S is also sealed to this tenant key. */
  escrowKey?: { keyId: string; publicKey: string };
  maxPayloadBytes?: number;
}

/** What the sender keeps. Only `ciphertext`, `algorithm`, `accessVerifier`, `keyMode` go to the store. */
export interface SecureLinkPayload {
  ciphertext: string;
  algorithm: typeof ALGORITHM;
  accessVerifier: string;
  keyMode: KeyMode;
  /** Goes after `#` in the link. Never contains the passphrase or the code. */
  fragment: string;
  /** `code` mode: send over a second channel, never in the same message as the link. */
  code?: string;
  deviceEnvelope?: HpkeEnvelope;
  escrow?: { keyId: string; envelope: HpkeEnvelope };
}

function payloadInput(options: CreateSecureLinkOptions): PayloadInput {
  const { plaintext, file } = options;
  if (plaintext !== undefined && file === undefined) return { kind: 'text', text: plaintext };
  if (file !== undefined && plaintext === undefined) return { kind: 'file', ...file };
  throw new SecureLinkError('BAD_INPUT', 'give exactly one of plaintext and file');
}

async function linkSecretFor(options: CreateSecureLinkOptions): Promise<{ secret: Uint8Array<ArrayBuffer>; fragment: ParsedFragment; code?: string; deviceEnvelope?: HpkeEnvelope }> {
  switch (options.keyMode) {
    case 'fragment': {
      const secret = randomBytes(LINK_SECRET_BYTES);
      return { secret, fragment: { mode: 'fragment', linkSecret: secret } };
    }
    case 'passphrase': {
      if (!options.passphrase) throw new SecureLinkError('BAD_INPUT', 'passphrase mode needs a passphrase');
      const iterations = options.iterations ?? PBKDF2_MIN_ITERATIONS;
      const salt = randomBytes(PBKDF2_SALT_BYTES);
      return { secret: await linkSecretFromPassphrase(options.passphrase, salt, iterations), fragment: { mode: 'passphrase', iterations, salt } };
    }
    case 'code': {
      const anchor = randomBytes(CODE_ANCHOR_BYTES);
      const code = options.code === undefined ? generateCode() : normaliseCode(options.code);
      return { secret: await linkSecretFromCode(anchor, code), fragment: { mode: 'code', anchor }, code };
    }
    case 'device': {
      if (!options.devicePublicKey) throw new SecureLinkError('BAD_INPUT', 'device mode needs devicePublicKey');
      const secret = randomBytes(LINK_SECRET_BYTES);
      return { secret, fragment: { mode: 'device' }, deviceEnvelope: await sealToPublicKey(options.devicePublicKey, secret, DEVICE_INFO) };
    }
    default:
      throw new SecureLinkError('BAD_INPUT', 'unknown key mode');
  }
}

export async function createSecureLinkPayload(options: CreateSecureLinkOptions): Promise<SecureLinkPayload> {
  const frame = encodePayload(payloadInput(options), options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES);
  const { secret, fragment, code, deviceEnvelope } = await linkSecretFor(options);
  const keys = await deriveLinkKeys(secret);
  const ciphertext = await encryptFrame(keys.payloadKey, frame);
  const result: SecureLinkPayload = {
    ciphertext: toBase64Url(ciphertext),
    algorithm: ALGORITHM,
    accessVerifier: keys.accessVerifier,
    keyMode: options.keyMode,
    fragment: formatFragment(fragment),
  };
  if (code) result.code = code;
  if (deviceEnvelope) result.deviceEnvelope = deviceEnvelope;
  if (options.escrowKey) result.escrow = { keyId: options.escrowKey.keyId, envelope: await sealToPublicKey(options.escrowKey.publicKey, secret, ESCROW_INFO) };
  return result;
}
