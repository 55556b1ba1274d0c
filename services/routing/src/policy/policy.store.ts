import { Inject, Injectable } from '@nestjs/common';
import { EventPublisher, type EventSink } from '@switchback/bus';
import { create, PolicyChangedSchema } from '@switchback/contracts';
import { CLOCK, type Clock, CONFIG, problemType, ProblemException } from '@switchback/runtime';
import type { RoutingConfig } from '../config/routing.config';
import { StoredPolicyInvalidException } from './policy.exception';
import { residencyProblems } from './residency-paths';
import { DEFAULT_TENANT_POLICY, tenantPolicySchema, type TenantPolicy, type VersionedPolicy } from './tenant-policy';
import type { TenantPolicyEntity } from './tenant-policy.entity';
import { TenantPolicyRepository } from './tenant-policy.repository';

interface CacheEntry {
  readonly value: VersionedPolicy;
  readonly expiresAt: number;
}

/**
 * Versioned tenant policies. Reads go through a short in-process cache (POLICY_CACHE_TTL_MS),
 * so a change reaches every routing instance within that time without a restart; the instance
 * that takes the write drops its entry at once.
 */
@Injectable()
export class PolicyStore {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    private readonly repository: TenantPolicyRepository,
    @Inject(EventPublisher) private readonly publisher: EventSink,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Pick<RoutingConfig, 'POLICY_CACHE_TTL_MS' | 'RCS_CONNECTOR_REGIONS' | 'SMS_CONNECTOR_REGIONS'>,
  ) {}

  /** The tenant's latest policy; the default (version 0) when it never set one. */
  async latest(tenantId: string): Promise<VersionedPolicy> {
    const now = this.clock.now();
    const cached = this.cache.get(tenantId);
    if (cached && cached.expiresAt > now) return cached.value;
    const row = await this.repository.findLatest(tenantId);
    const value = row ? this.toVersioned(row) : { tenantId, version: 0, policy: DEFAULT_TENANT_POLICY, actor: 'default', createdAt: null };
    this.cache.set(tenantId, { value, expiresAt: now + this.config.POLICY_CACHE_TTL_MS });
    return value;
  }

  /** Writes a new version, announces it on policyChanged and drops the cached one. */
  async save(tenantId: string, policy: TenantPolicy, actor: string): Promise<VersionedPolicy> {
    // Residency no connector can honour is refused now, not discovered through failed messages.
    const problems = residencyProblems(policy, { rcs: this.config.RCS_CONNECTOR_REGIONS, sms: this.config.SMS_CONNECTOR_REGIONS });
    if (problems.length > 0) {
      throw new ProblemException({ type: problemType('residency-unservable'), title: 'Residency leaves no path', status: 422, detail: 'the connectors deployed cannot carry this tenant\'s messages within its residency regions', errors: [...problems] });
    }
    const row = await this.repository.append(tenantId, policy, actor, new Date(this.clock.now()));
    this.cache.delete(tenantId);
    const saved = this.toVersioned(row);
    const event = create(PolicyChangedSchema, {
      tenantId,
      version: saved.version,
      actor,
      changedAtMs: BigInt(row.createdAt.getTime()),
      policyJson: JSON.stringify(saved.policy),
    });
    await this.publisher.publish('policyChanged', event, { key: tenantId, messageId: `policy:${tenantId}:${saved.version}` });
    return saved;
  }

  private toVersioned(row: TenantPolicyEntity): VersionedPolicy {
    // Parsing again fills fields added to the schema after the row was written.
    const parsed = tenantPolicySchema.safeParse(row.policy);
    if (!parsed.success) throw new StoredPolicyInvalidException(row.tenantId, row.version);
    return { tenantId: row.tenantId, version: row.version, policy: parsed.data, actor: row.actor, createdAt: row.createdAt };
  }
}
