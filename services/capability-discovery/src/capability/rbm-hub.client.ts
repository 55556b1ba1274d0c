import { Inject, Injectable } from '@nestjs/common';
import { RBM_AUTHORIZER, type RbmAuthorizer } from '@switchback/rbm-auth';
import { CONFIG } from '@switchback/runtime';
import { randomUUID } from 'node:crypto';
import type { CapabilityDiscoveryConfig } from '../config/capability-discovery.config';
import { HubUnavailableException } from './capability.exception';
import { getFromHub } from './hub-request';

export interface HubCapability {
  readonly rcs: boolean;
  readonly features: string[];
  /** Empty when the hub does not say. */
  readonly carrier: string;
}

/** The carrier hub's RBM-style capability endpoint: 200 = reachable with features, 404 = not. */
@Injectable()
export class RbmHubClient {
  constructor(
    @Inject(CONFIG) private readonly config: CapabilityDiscoveryConfig,
    @Inject(RBM_AUTHORIZER) private readonly authorizer: RbmAuthorizer,
  ) {}

  async capabilities(e164: string, timeoutMs = this.config.HTTP_CLIENT_TIMEOUT_MS): Promise<HubCapability> {
    const url = `${this.config.HUB_BASE_URL}/v1/phones/${encodeURIComponent(e164)}/capabilities?requestId=${randomUUID()}`;
    const response = await getFromHub(this.authorizer, url, Math.min(timeoutMs, this.config.HTTP_CLIENT_TIMEOUT_MS));
    const carrier = readCarrier(response.body);
    if (response.status === 404) return { rcs: false, features: [], carrier };
    if (!response.ok) throw new HubUnavailableException(`http ${response.status}`);
    const features = readFeatures(response.body);
    return { rcs: true, features, carrier };
  }
}

function readCarrier(body: unknown): string {
  const carrier = typeof body === 'object' && body !== null ? (body as { carrier?: unknown }).carrier : undefined;
  return typeof carrier === 'string' ? carrier.slice(0, 64) : '';
}

function readFeatures(body: unknown): string[] {
  const features = typeof body === 'object' && body !== null ? (body as { features?: unknown }).features : undefined;
  return Array.isArray(features) ? features.filter((f): f is string => typeof f === 'string') : [];
}
