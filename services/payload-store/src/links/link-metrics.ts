import { Inject, Injectable } from '@nestjs/common';
import { counter, METRICS_REGISTRY, MetricNames } from '@switchback/telemetry';
import type { Counter, Registry } from 'prom-client';

/** The link API's Prometheus names (labels carry no ids: key mode and reasons only). */
export const LinkMetricNames = {
  created: MetricNames.secureLinksCreated,
  claimed: MetricNames.secureLinksClaimed,
  expired: MetricNames.secureLinksExpired,
  revoked: MetricNames.secureLinksRevoked,
  burned: MetricNames.secureLinksBurned,
  claimRejected: MetricNames.secureLinksClaimRejected,
  rateLimited: MetricNames.secureLinksRateLimited,
  degraded: MetricNames.secureLinksDegraded,
} as const;

export type RejectReason = 'unavailable' | 'wrong_secret';

@Injectable()
export class LinkMetrics {
  readonly created: Counter<string>;
  readonly claimed: Counter<string>;
  readonly expired: Counter<string>;
  readonly revoked: Counter<string>;
  readonly burned: Counter<string>;
  readonly claimRejected: Counter<string>;
  readonly rateLimited: Counter<string>;
  /** A side effect skipped so the answer could still be given (event publish, rate limiter). */
  readonly degraded: Counter<string>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.created = counter(registry, LinkMetricNames.created, 'Secure links created, by key mode', ['key_mode']);
    this.claimed = counter(registry, LinkMetricNames.claimed, 'Views served, by key mode', ['key_mode']);
    this.expired = counter(registry, LinkMetricNames.expired, 'Links deleted by the sweeper past their TTL, by key mode', ['key_mode']);
    this.revoked = counter(registry, LinkMetricNames.revoked, 'Links revoked, by key mode and actor (creator, holder)', ['key_mode', 'actor']);
    this.burned = counter(registry, LinkMetricNames.burned, 'Links deleted after too many wrong claim secrets, by key mode', ['key_mode']);
    this.claimRejected = counter(registry, LinkMetricNames.claimRejected, 'Claims answered 404, by reason (unavailable, wrong_secret)', ['reason']);
    this.rateLimited = counter(registry, LinkMetricNames.rateLimited, 'Requests refused with 429, by bucket', ['bucket']);
    this.degraded = counter(registry, LinkMetricNames.degraded, 'Side effects skipped to keep answering (lifecycle event, rate limiter), by what', ['what']);
  }

}
