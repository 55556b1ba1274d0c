/** Why a secure-link operation failed. Callers branch on `code`, never on the message. */
export type SecureLinkErrorCode =
  | 'BAD_FRAGMENT' // the URL fragment is missing, malformed or of an unknown mode
  | 'WEAK_KDF' // passphrase fragment asks for fewer iterations than we accept (downgrade)
  | 'BAD_INPUT' // caller supplied inconsistent options (e.g. passphrase mode without passphrase)
  | 'BAD_CODE' // the second-channel code is not 8 characters of the code alphabet
  | 'TAMPERED' // authentication failed: damaged ciphertext or wrong key (indistinguishable)
  | 'UNSUPPORTED_VERSION' // ciphertext or envelope from a scheme version we do not know
  | 'TOO_LARGE' // payload over the configured maximum
  | 'BAD_PAYLOAD'; // decrypted bytes are not a valid payload frame

export class SecureLinkError extends Error {
  override readonly name = 'SecureLinkError';
  constructor(
    readonly code: SecureLinkErrorCode,
    message: string,
  ) {
    super(message);
  }
}
