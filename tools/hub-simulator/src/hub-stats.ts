/** Counters a test or the demo can assert on (GET /_sim/stats, handle.stats()). */
export interface HubStats {
  readonly capabilityQueries: number;
  /** Accepted new agent messages (duplicates not included). */
  readonly sends: number;
  readonly duplicates: number;
  readonly revokes: number;
  readonly delivered: number;
  readonly read: number;
  /** Messages revoked by their ttl / expireTime before delivery. */
  readonly expired: number;
  /** TTL expiries whose revocation failed (NumberProfile.ttlRevokeFails). */
  readonly ttlRevokeFailures: number;
  /** Every POST to agentMessages, whatever its answer (retries and duplicates included). */
  readonly agentMessagePosts: number;
  /** Sends answered 400 because the device lacks a feature the content needs. */
  readonly unsupportedContent: number;
  /** Sends answered 404 for a capable number whose profile says sendNotFound. */
  readonly sendsNotFound: number;
  /** The most agentMessages POSTs in flight at once. */
  readonly maxConcurrentSends: number;
  /** The most agentMessages POSTs that arrived within one sliding second. */
  readonly peakSendsPerSecond: number;
  /** Answers produced by NumberProfile.failNext. */
  readonly scriptedFailures: number;
  /** Webhook POSTs answered 2xx. */
  readonly webhooksSent: number;
  /** Webhook attempts that failed (non-2xx, connection error, timeout); each retry counts. */
  readonly webhookFailures: number;
  /** Events given up on after the last retry. */
  readonly webhooksAbandoned: number;
  /** POSTs to the token endpoint, and how many were granted or refused (an outage is neither). */
  readonly tokenRequests: number;
  readonly tokensIssued: number;
  readonly tokenRefusals: number;
  /** RBM calls answered 401 (no, unknown or expired bearer token). */
  readonly unauthenticated: number;
}

export type MutableHubStats = { -readonly [K in keyof HubStats]: number };

export function emptyHubStats(): MutableHubStats {
  return {
    capabilityQueries: 0,
    sends: 0,
    duplicates: 0,
    revokes: 0,
    delivered: 0,
    read: 0,
    expired: 0,
    ttlRevokeFailures: 0,
    tokenRequests: 0,
    tokensIssued: 0,
    tokenRefusals: 0,
    unauthenticated: 0,
    agentMessagePosts: 0,
    unsupportedContent: 0,
    sendsNotFound: 0,
    maxConcurrentSends: 0,
    peakSendsPerSecond: 0,
    scriptedFailures: 0,
    webhooksSent: 0,
    webhookFailures: 0,
    webhooksAbandoned: 0,
  };
}
