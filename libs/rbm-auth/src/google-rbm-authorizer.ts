import type { AuthClient } from 'google-auth-library';
import { RbmAuthError } from './rbm-auth.error';
import type { RbmAuthorizer } from './rbm-authorizer';

/**
 * An RbmAuthorizer over one of Google's auth clients (a service-account JWT client or an
 * application-default one). The client caches the token and refreshes it when it is within its
 * eagerRefreshThresholdMillis of expiry; this class adds single flight (concurrent sends wait
 * for one token request) and the forced refresh after a 401.
 */
export class GoogleRbmAuthorizer implements RbmAuthorizer {
  private pending: Promise<string> | undefined;

  constructor(private readonly client: () => Promise<AuthClient>) {}

  async authorization(): Promise<string> {
    return `Bearer ${await this.token()}`;
  }

  async renew(rejected: string): Promise<void> {
    const client = await this.client();
    // Another call already replaced the rejected token, or is fetching its successor.
    if (this.pending !== undefined || `Bearer ${client.credentials.access_token}` !== rejected) return;
    // Expire the cached token (keeping the client's refresh marker), so the next call fetches one.
    client.setCredentials({ refresh_token: client.credentials.refresh_token, expiry_date: 1 });
  }

  private token(): Promise<string> {
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async fetchToken(): Promise<string> {
    let token: string | null | undefined;
    try {
      token = (await (await this.client()).getAccessToken()).token;
    } catch (error) {
      throw authErrorOf(error);
    }
    if (!token) throw new RbmAuthError('refused', 'no_access_token');
    return token;
  }
}

interface GaxiosLikeError {
  readonly code?: unknown;
  readonly status?: unknown;
  readonly response?: { readonly status?: unknown; readonly data?: unknown };
}

/**
 * The token endpoint's answer as an RbmAuthError. 4xx (invalid_grant: a revoked key, a bad
 * signature, a clock outside the allowed skew) is refused; 429, 5xx and no answer are
 * unavailable. The reason is the endpoint's OAuth error code, never its description (which can
 * echo the assertion).
 */
export function authErrorOf(error: unknown): RbmAuthError {
  if (error instanceof RbmAuthError) return error;
  const gaxios = (typeof error === 'object' && error !== null ? error : {}) as GaxiosLikeError;
  const status = typeof gaxios.response?.status === 'number' ? gaxios.response.status : typeof gaxios.status === 'number' ? gaxios.status : undefined;
  if (status === undefined) return new RbmAuthError('unavailable', gaxios.code === 'ETIMEDOUT' || isTimeout(error) ? 'token_timeout' : 'token_unreachable');
  if (status === 429 || status >= 500) return new RbmAuthError('unavailable', `token_http_${status}`);
  return new RbmAuthError('refused', oauthErrorCode(gaxios.response?.data) ?? `token_http_${status}`);
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError' || /timeout/i.test(error.message));
}

function oauthErrorCode(body: unknown): string | undefined {
  const code = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  return typeof code === 'string' && /^[a-z_]{1,40}$/.test(code) ? code : undefined;
}
