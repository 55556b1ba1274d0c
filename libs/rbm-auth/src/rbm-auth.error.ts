/**
 * No access token for an RBM call. `refused`: the token endpoint said no (a revoked or wrong
 * key, a skewed clock): every call of the agent fails until an operator acts. `unavailable`: no
 * answer or a 5xx from it: worth retrying. Neither carries the token or the assertion.
 */
export class RbmAuthError extends Error {
  override readonly name = 'RbmAuthError';

  constructor(
    readonly kind: 'refused' | 'unavailable',
    readonly reason: string,
  ) {
    super(`RBM auth ${kind}: ${reason}`);
  }

  /** The reason code a leg outcome or a metric carries: auth_refused / auth_unavailable. */
  get code(): string {
    return `auth_${this.kind}`;
  }
}
