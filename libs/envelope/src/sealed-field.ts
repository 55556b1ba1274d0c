import { MalformedEnvelopeException } from './envelope.errors';

export const ENVELOPE_VERSION = 1;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;
const MAX_KEY_ID_BYTES = 64;

/** The parts of a sealed field: version ‖ key id length ‖ key id ‖ iv ‖ tag ‖ ciphertext. */
export interface SealedParts {
  readonly keyId: string;
  readonly iv: Buffer;
  readonly tag: Buffer;
  readonly ciphertext: Buffer;
}

export function encodeSealed(parts: SealedParts): Buffer {
  const keyId = Buffer.from(parts.keyId, 'ascii');
  if (keyId.length === 0 || keyId.length > MAX_KEY_ID_BYTES) throw new Error(`key id must be 1 to ${MAX_KEY_ID_BYTES} bytes`);
  return Buffer.concat([Buffer.from([ENVELOPE_VERSION, keyId.length]), keyId, parts.iv, parts.tag, parts.ciphertext]);
}

export function decodeSealed(sealed: Uint8Array): SealedParts {
  const value = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (value.length < 2) throw new MalformedEnvelopeException('too short');
  if (value[0] !== ENVELOPE_VERSION) throw new MalformedEnvelopeException(`version ${value[0]} is not ${ENVELOPE_VERSION}`);
  const keyIdLength = value[1] ?? 0;
  const ivAt = 2 + keyIdLength;
  if (keyIdLength === 0 || keyIdLength > MAX_KEY_ID_BYTES || value.length < ivAt + IV_BYTES + TAG_BYTES) throw new MalformedEnvelopeException('too short');
  const keyId = value.subarray(2, ivAt).toString('ascii');
  if (!/^[A-Za-z0-9_.:-]+$/.test(keyId)) throw new MalformedEnvelopeException('key id');
  return { keyId, iv: value.subarray(ivAt, ivAt + IV_BYTES), tag: value.subarray(ivAt + IV_BYTES, ivAt + IV_BYTES + TAG_BYTES), ciphertext: value.subarray(ivAt + IV_BYTES + TAG_BYTES) };
}
