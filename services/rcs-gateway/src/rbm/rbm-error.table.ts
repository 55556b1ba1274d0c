import type { RbmAuthError } from '@switchback/rbm-auth';

/**
 * What an RBM answer means for one leg. The single place where HTTP statuses become
 * decisions; the send use case only switches on `kind`.
 *
 * | answer                         | kind        | what happens                                     |
 * |--------------------------------|-------------|--------------------------------------------------|
 * | 2xx                            | accepted    | SUBMITTED                                        |
 * | 404                            | unreachable | UNREACHABLE `http_404` (routing falls back)      |
 * | 400                            | unsupported | once more as plain text; then UNREACHABLE `unsupported_feature` |
 * | 408, 429, 5xx, timeout, reset  | retriable   | retry topic (Retry-After cools the agent down)    |
 * | other 4xx, 1xx/3xx             | rejected    | FAILED `http_<status>` (permanent)               |
 * | no token: endpoint refused     | rejected    | FAILED `auth_refused` (nothing was sent)          |
 * | no token: endpoint unavailable | retriable   | retry topic `auth_unavailable`                    |
 *
 * A 401 reaches this table only after a fresh token was refused too (libs/rbm-auth retries once).
 */
export type RbmVerdict =
  | { readonly kind: 'accepted' }
  | { readonly kind: 'unreachable'; readonly reason: string }
  | { readonly kind: 'unsupported'; readonly reason: string }
  | { readonly kind: 'retriable'; readonly reason: string; readonly retryAfterMs?: number }
  | { readonly kind: 'rejected'; readonly reason: string };

export type RbmVerdictKind = RbmVerdict['kind'];

export const UNSUPPORTED_FEATURE = 'unsupported_feature';

/** Classifies the HTTP answer to POST .../agentMessages. */
export function classifySendStatus(status: number, retryAfterMs?: number): RbmVerdict {
  if (status >= 200 && status < 300) return { kind: 'accepted' };
  if (status === 404) return { kind: 'unreachable', reason: 'http_404' };
  if (status === 400) return { kind: 'unsupported', reason: UNSUPPORTED_FEATURE };
  if (status === 408 || status === 429 || status >= 500) return { kind: 'retriable', reason: `http_${status}`, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  return { kind: 'rejected', reason: `http_${status}` };
}

/** No answer at all: a timeout or a network error. The hub may or may not have the message. */
export function classifyTransportError(error: unknown): Extract<RbmVerdict, { kind: 'retriable' }> {
  const name = error instanceof Error ? error.name : '';
  return { kind: 'retriable', reason: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network_error' };
}

/** No access token for the call (libs/rbm-auth): nothing reached the hub, so falling back is safe. */
export function classifyAuthError(error: RbmAuthError): Extract<RbmVerdict, { kind: 'retriable' | 'rejected' }> {
  return error.kind === 'refused' ? { kind: 'rejected', reason: error.code } : { kind: 'retriable', reason: error.code };
}

export type RbmRevokeResult = 'revoked' | 'already_delivered';

/**
 * DELETE .../agentMessages/{id}: 200 revoked; 404 means RBM no longer holds it undelivered
 * (delivered, expired, or never accepted): a result, not an error.
 */
export function classifyRevokeStatus(status: number, retryAfterMs?: number): { readonly result: RbmRevokeResult } | Exclude<RbmVerdict, { kind: 'accepted' | 'unreachable' | 'unsupported' }> {
  if (status >= 200 && status < 300) return { result: 'revoked' };
  if (status === 404) return { result: 'already_delivered' };
  const verdict = classifySendStatus(status, retryAfterMs);
  if (verdict.kind === 'retriable') return verdict;
  return { kind: 'rejected', reason: `http_${status}` };
}

/** What a send's answer says about the hub path, for its circuit breaker. */
export type PathHealth = 'healthy' | 'unhealthy' | 'unknown';

/**
 * Only answers that blame the path trip the breaker: 5xx, 408, timeouts and network errors,
 * 401/403 and auth failures (the agent's credentials or launch are broken for every
 * recipient; a token endpoint outage blocks every call). Answers
 * about one recipient or one request (404, 400, other 4xx) prove the hub works. A 429 is the
 * agent's quota: Retry-After cools the agent down, failing over would not help it.
 */
export function sendPathHealth(verdict: RbmVerdict): PathHealth {
  switch (verdict.kind) {
    case 'retriable':
      return verdict.reason === 'http_429' ? 'unknown' : 'unhealthy';
    case 'rejected':
      return verdict.reason === 'http_401' || verdict.reason === 'http_403' || verdict.reason.startsWith('auth_') ? 'unhealthy' : 'healthy';
    default:
      return 'healthy';
  }
}
