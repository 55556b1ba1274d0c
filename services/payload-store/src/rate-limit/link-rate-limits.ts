import { Inject, Injectable, Logger } from '@nestjs/common';
import { KeyedHasher } from '@switchback/crypto';
import { errorCode } from '@switchback/errors';
import { CONFIG } from '@switchback/runtime';
import type { PayloadStoreConfig } from '../config/payload-store.config';
import { rateLimited } from '../links/link-problems';
import { LinkMetrics } from '../links/link-metrics';
import { RATE_LIMITER, type RateLimiter } from './rate-limiter';

type Config = Pick<PayloadStoreConfig, 'LINK_RATE_WINDOW_SECONDS' | 'LINK_CREATE_RATE_LIMIT' | 'LINK_CLAIM_RATE_LIMIT_PER_IP' | 'LINK_CLAIM_RATE_LIMIT_PER_LINK'>;

/**
 * The link API's limits: creates per tenant, claims per client address and per link. A limiter
 * outage lets requests through (counted as degraded): guessing stays bounded anyway, by the
 * failed-claim budget stored with each link.
 */
@Injectable()
export class LinkRateLimits {
  private readonly logger = new Logger(LinkRateLimits.name);

  constructor(
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    private readonly hasher: KeyedHasher,
    private readonly metrics: LinkMetrics,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  create(tenantId: string): Promise<void> {
    return this.check('create', `create:${tenantId}`, this.config.LINK_CREATE_RATE_LIMIT);
  }

  /** Per address and per link; addresses are stored keyed-hashed, never as they are. */
  async claim(clientAddress: string, linkId: string): Promise<void> {
    await this.check('claim_ip', `claim-ip:${this.hasher.hash(clientAddress)}`, this.config.LINK_CLAIM_RATE_LIMIT_PER_IP);
    await this.check('claim_link', `claim-link:${linkId}`, this.config.LINK_CLAIM_RATE_LIMIT_PER_LINK);
  }

  private async check(bucket: string, key: string, limit: number): Promise<void> {
    let verdict;
    try {
      verdict = await this.limiter.hit(key, limit, this.config.LINK_RATE_WINDOW_SECONDS);
    } catch (error) {
      this.metrics.degraded.inc({ what: 'rate_limiter' });
      this.logger.warn({ code: errorCode(error), bucket }, 'rate limiter unavailable; request allowed');
      return;
    }
    if (verdict.allowed) return;
    this.metrics.rateLimited.inc({ bucket });
    throw rateLimited(verdict.retryAfterSeconds);
  }
}
