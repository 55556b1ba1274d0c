import type { RbmAuthorizer } from './rbm-authorizer';

/**
 * fetch() for one RBM call with its Authorization header. A 401 means the token was rejected
 * before expiry (revoked, or the hub's clock disagrees): renew it once and call again. RBM
 * stored nothing on a 401, so the second call cannot duplicate the first. Throws RbmAuthError
 * when no token can be had; a second 401 is returned for the caller's error table.
 */
export async function fetchWithRbmAuth(authorizer: RbmAuthorizer, url: string, init: RequestInit): Promise<Response> {
  const first = await authorizer.authorization();
  const response = await fetch(url, withAuthorization(init, first));
  if (response.status !== 401 || first === undefined) return response;
  await response.arrayBuffer(); // give the connection back to the pool
  await authorizer.renew(first);
  return fetch(url, withAuthorization(init, await authorizer.authorization()));
}

function withAuthorization(init: RequestInit, authorization: string | undefined): RequestInit {
  if (authorization === undefined) return init;
  const headers = new Headers(init.headers);
  headers.set('authorization', authorization);
  return { ...init, headers };
}
