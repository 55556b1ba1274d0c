import { Inject, Injectable } from '@nestjs/common';
import { RBM_AUTHORIZER, type RbmAuthorizer } from '@switchback/rbm-auth';
import { CONFIG } from '@switchback/runtime';
import { randomUUID } from 'node:crypto';
import type { CapabilityDiscoveryConfig } from '../config/capability-discovery.config';
import { HubUnavailableException } from './capability.exception';
import { getFromHub } from './hub-request';

export interface UpCapability {
  /** The client does E2EE (MLS) over RCS, per a still-valid Universal Profile answer. */
  readonly e2ee: boolean;
  readonly mlsCipherSuites: string[];
}

/**
 * The carrier hub's Universal-Profile capability exchange (`GET /v1/phones/{e164}/upCapabilities`):
 * 200 = `{ e2ee, mlsCipherSuites, validUntil }`, 404 = no RCS (so no RCS E2EE).
 */
@Injectable()
export class UpHubClient {
  constructor(
    @Inject(CONFIG) private readonly config: CapabilityDiscoveryConfig,
    @Inject(RBM_AUTHORIZER) private readonly authorizer: RbmAuthorizer,
  ) {}

  async capabilities(e164: string, timeoutMs = this.config.HTTP_CLIENT_TIMEOUT_MS, nowMs = Date.now()): Promise<UpCapability> {
    const url = `${this.config.HUB_BASE_URL}/v1/phones/${encodeURIComponent(e164)}/upCapabilities?requestId=${randomUUID()}`;
    const response = await getFromHub(this.authorizer, url, Math.min(timeoutMs, this.config.HTTP_CLIENT_TIMEOUT_MS), 'up');
    if (response.status === 404) return { e2ee: false, mlsCipherSuites: [] };
    if (!response.ok) throw new HubUnavailableException(`up: http ${response.status}`);
    return mapUpCapability(response.body, nowMs);
  }
}

/**
 * Only an explicit `e2ee: true` that is still valid counts: a missing, malformed or expired
 * `validUntil` (or any other e2ee value) reads as no E2EE, the weaker and safe claim.
 */
export function mapUpCapability(body: unknown, nowMs: number): UpCapability {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as { e2ee?: unknown; mlsCipherSuites?: unknown; validUntil?: unknown };
  const suites = Array.isArray(fields.mlsCipherSuites) ? fields.mlsCipherSuites.filter((s): s is string => typeof s === 'string').map((s) => s.slice(0, 128)).slice(0, 16) : [];
  const validUntilMs = typeof fields.validUntil === 'string' ? Date.parse(fields.validUntil) : Number.NaN;
  const e2ee = fields.e2ee === true && Number.isFinite(validUntilMs) && validUntilMs > nowMs;
  return { e2ee, mlsCipherSuites: e2ee ? suites : [] };
}
