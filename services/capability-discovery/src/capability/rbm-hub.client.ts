import { Inject, Injectable } from '@nestjs/common';
import { CONFIG } from '@switchback/runtime';
import { randomUUID } from 'node:crypto';
import type { CapabilityDiscoveryConfig } from '../config/capability-discovery.config';
import { HubUnavailableException } from './capability.exception';

export interface HubCapability {
  readonly rcs: boolean;
  readonly features: string[];
}

/** The carrier hub's RBM-style capability endpoint: 200 = reachable with features, 404 = not. */
@Injectable()
export class RbmHubClient {
  constructor(@Inject(CONFIG) private readonly config: CapabilityDiscoveryConfig) {}

  async capabilities(e164: string): Promise<HubCapability> {
    const url = `${this.config.HUB_BASE_URL}/v1/phones/${encodeURIComponent(e164)}/capabilities?requestId=${randomUUID()}`;
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(this.config.HTTP_CLIENT_TIMEOUT_MS) });
    } catch (error) {
      throw new HubUnavailableException(error instanceof Error ? error.name : 'network error');
    }
    if (response.status === 404) return { rcs: false, features: [] };
    if (!response.ok) throw new HubUnavailableException(`http ${response.status}`);
    const body = (await response.json()) as { features?: unknown };
    const features = Array.isArray(body.features) ? body.features.filter((f): f is string => typeof f === 'string') : [];
    return { rcs: true, features };
  }
}
