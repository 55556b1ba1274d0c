// Version 1 of the secure-link scheme. Changing any of these values is a new version.
export const SCHEME_VERSION = 1;
export const ALGORITHM = 'A256GCM-HKDF-SHA256-v1';
export const HKDF_SALT_LABEL = 'switchback/secure-link/v1';
export const AAD_LABEL = `switchback/secure-link/v1|${ALGORITHM}`;
export const LINK_SECRET_BYTES = 32;
export const IV_BYTES = 12;
export const PBKDF2_MIN_ITERATIONS = 600_000;
// Above this a fragment could make the recipient's browser spin for minutes (a cheap DoS).
export const PBKDF2_MAX_ITERATIONS = 10_000_000;
export const PBKDF2_SALT_BYTES = 16;
export const CODE_ANCHOR_BYTES = 16;
export const DEVICE_INFO = 'switchback/secure-link/v1 device-key';
export const ESCROW_INFO = 'switchback/secure-link/v1 escrow';
export const DEFAULT_MAX_PAYLOAD_BYTES = 5 * 1024 * 1024;
