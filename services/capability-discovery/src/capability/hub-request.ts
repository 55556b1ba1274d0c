import { fetchWithRbmAuth, RbmAuthError, type RbmAuthorizer } from '@switchback/rbm-auth';
import { HubUnavailableException } from './capability.exception';

export interface HubAnswer {
  readonly status: number;
  readonly ok: boolean;
  /** The JSON body, or `{}` when the body is not JSON (a 404 page, say). */
  readonly body: unknown;
}

/**
 * One bounded GET to the carrier hub with the agent's OAuth token (one retry with a fresh token
 * after a 401); network errors, timeouts and a missing token become HubUnavailableException.
 */
export async function getFromHub(authorizer: RbmAuthorizer, url: string, timeoutMs: number, label = ''): Promise<HubAnswer> {
  const prefix = label ? `${label}: ` : '';
  try {
    const response = await fetchWithRbmAuth(authorizer, url, { signal: AbortSignal.timeout(timeoutMs) });
    const body: unknown = await response.json().catch(() => ({}));
    return { status: response.status, ok: response.ok, body };
  } catch (error) {
    if (error instanceof RbmAuthError) throw new HubUnavailableException(`${prefix}${error.code}`);
    throw new HubUnavailableException(`${prefix}${error instanceof Error ? error.name : 'network error'}`);
  }
}
