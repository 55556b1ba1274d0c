// Client-side encryption for secure links (WebCrypto only, so it also runs in the recipient page).
export { createSecureLinkPayload, type CreateSecureLinkOptions, type SecureLinkPayload } from './create-payload';
export { deriveFromFragment, openDeviceEnvelope, openEscrowEnvelope, openSecureLinkPayload } from './open-payload';
export { parseFragment, formatFragment, type KeyMode, type ParsedFragment } from './fragment';
export { deriveLinkKeys, type LinkKeys, type WebCryptoKey } from './key-derivation';
export { envelopeFromBytes, envelopeToBytes, generateX25519KeyPair, type HpkeEnvelope } from './hpke-envelope';
export { normaliseCode, CODE_ALPHABET, CODE_LENGTH } from './short-code';
export type { DecodedPayload } from './payload-framing';
export { SecureLinkError, type SecureLinkErrorCode } from './secure-link.error';
export { ALGORITHM, DEFAULT_MAX_PAYLOAD_BYTES, PBKDF2_MIN_ITERATIONS, PBKDF2_MAX_ITERATIONS } from './scheme.constants';
export { toBase64Url, fromBase64Url } from './encoding';
