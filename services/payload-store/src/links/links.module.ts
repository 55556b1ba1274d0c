import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CLOCK, type Clock, CONFIG, REDIS } from '@switchback/runtime';
import type Redis from 'ioredis';
import { linkPeppersOf, type PayloadStoreConfig } from '../config/payload-store.config';
import { LinkRateLimits } from '../rate-limit/link-rate-limits';
import { RATE_LIMITER } from '../rate-limit/rate-limiter';
import { RedisRateLimiter } from '../rate-limit/redis-rate-limiter';
import { LinkApiKeyGuard } from './link-api-key.guard';
import { LinkExpirySweeper } from './link-expiry.sweeper';
import { LINK_IDS, randomLinkIds } from './link-id';
import { LinkKeyring } from './link-keyring';
import { LinkMetrics } from './link-metrics';
import { LinksController } from './links.controller';
import { LinksService } from './links.service';
import { LinkProblemFilter } from './problem.filter';
import { SecureLinkRepository } from './secure-link.repository';

/** The link API, its store and its sweeper. Needs DataSource, REDIS, EventPublisher, CONFIG, metrics. */
@Module({
  controllers: [LinksController],
  providers: [
    SecureLinkRepository,
    LinksService,
    LinkMetrics,
    LinkExpirySweeper,
    LinkApiKeyGuard,
    LinkRateLimits,
    // A fresh object per app, so a test can move one app's time without touching others.
    { provide: CLOCK, useFactory: (): Clock => ({ now: () => Date.now() }) },
    { provide: LINK_IDS, useValue: randomLinkIds },
    // The peppers live in this process only (LINK_PEPPERS), never in the database.
    { provide: LinkKeyring, inject: [CONFIG], useFactory: (config: PayloadStoreConfig) => new LinkKeyring(linkPeppersOf(config)) },
    {
      provide: RATE_LIMITER,
      inject: [REDIS, CONFIG],
      useFactory: (redis: Redis, config: PayloadStoreConfig) => new RedisRateLimiter(redis, `${config.REDIS_KEY_PREFIX}payload-store:rl:`),
    },
    { provide: APP_FILTER, useClass: LinkProblemFilter },
  ],
  exports: [LinkExpirySweeper],
})
export class LinksModule {}
