import { Injectable, Logger } from '@nestjs/common';
import { CapabilityCache } from './capability-cache';
import { RbmHubClient } from './rbm-hub.client';
import type { ResolvedCapability } from './resolved-capability';

/**
 * Resolves what a recipient can receive: the cache first, the carrier hub on a miss. A cache
 * outage degrades to asking the hub every time rather than failing sends.
 */
@Injectable()
export class CapabilityService {
  private readonly logger = new Logger(CapabilityService.name);

  constructor(
    private readonly cache: CapabilityCache,
    private readonly hub: RbmHubClient,
  ) {}

  async resolve(e164: string): Promise<ResolvedCapability> {
    const cached = await this.cache.get(e164).catch((error: unknown) => this.cacheDown(error));
    if (cached) return { ...cached, source: 'cache' };
    const hub = await this.hub.capabilities(e164);
    // RBM has no encryption flag: E2EE comes from the Universal Profile exchange (a later rung).
    const resolved = { rcs: hub.rcs, rcsE2ee: false, inappE2ee: false, features: hub.features, checkedAtMs: Date.now() };
    await this.cache.set(e164, resolved).catch((error: unknown) => this.cacheDown(error));
    return { ...resolved, source: 'hub' };
  }

  private cacheDown(error: unknown): undefined {
    this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'capability cache unavailable; asking the hub');
    return undefined;
  }
}
