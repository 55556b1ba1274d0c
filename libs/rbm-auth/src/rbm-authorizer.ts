/**
 * Authorization for RBM calls: a cached access token, refreshed before it expires, with one
 * token request in flight at a time.
 */
export interface RbmAuthorizer {
  /** The Authorization header value for the next call (`Bearer …`); undefined when auth is off. Throws RbmAuthError. */
  authorization(): Promise<string | undefined>;
  /** The hub answered 401 to `rejected`: drop it, unless another call already replaced it. */
  renew(rejected: string): Promise<void>;
}

/** RBM_AUTH=none: calls go out without an Authorization header (a local simulator only). */
export const NO_RBM_AUTH: RbmAuthorizer = {
  authorization: () => Promise.resolve(undefined),
  renew: () => Promise.resolve(),
};

/** The Nest injection token of the service's RbmAuthorizer. */
export const RBM_AUTHORIZER = Symbol('RBM_AUTHORIZER');
