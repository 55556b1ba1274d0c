import { Inject, Injectable } from '@nestjs/common';
import type { Channel, FallbackReason, SendRequested } from '@switchback/contracts';
import type { Classification, Classify } from '@switchback/sensitivity';
import { CLOCK, type Clock } from '@switchback/runtime';
import type { Cohort } from '../cohort/cohort';
import { CohortAssigner } from '../cohort/cohort-assigner';
import { decide } from '../decision/decide';
import type { CapabilityView, Decision } from '../decision/decision';
import { PolicyStore } from '../policy/policy.store';
import type { TenantPolicy, VersionedPolicy } from '../policy/tenant-policy';
import { CircuitView } from './circuit-view';
import { CLASSIFIER } from './classifier.port';
import { senderLabelsOf, trafficTypeOf } from './send-inputs';

export type ValidSend = SendRequested & { content: { text: string } };

/** Everything a decision rests on, computed without side effects (shared with the dry run). */
export interface Evaluation {
  readonly decision: Decision;
  readonly classification: Classification;
  readonly cohort: Cohort;
  readonly policy: TenantPolicy;
  readonly policyVersion: number;
  readonly nowMs: number;
}

/**
 * Classify, load the policy, assign the cohort, skip the channels whose circuits are open (and
 * any the caller excludes: a failover's failed rungs), and decide. Publishes and stores nothing.
 */
@Injectable()
export class SendEvaluator {
  constructor(
    private readonly policies: PolicyStore,
    private readonly cohorts: CohortAssigner,
    private readonly circuits: CircuitView,
    @Inject(CLASSIFIER) private readonly classify: Classify,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** `preloaded`: the tenant's policy when the caller holds a transaction (no second connection). */
  async evaluate(send: ValidSend, capability: CapabilityView | undefined, excluded: ReadonlyMap<Channel, FallbackReason> = new Map(), preloaded?: VersionedPolicy): Promise<Evaluation> {
    const [{ policy, version }, open] = await Promise.all([preloaded ?? this.policies.latest(send.tenantId), this.circuits.openChannels()]);
    const trafficType = trafficTypeOf(send);
    const classification = this.classify({ text: send.content.text, senderLabels: senderLabelsOf(send), trafficType }, { allowSenderDowngrade: policy.allowSenderDowngrade });
    const cohort = this.cohorts.assign(send.recipient, policy, send.labels);
    const nowMs = this.clock.now();
    // The caller's reasons (a failover) name the fallback before an open circuit does.
    const exclusions = new Map([...open, ...excluded]);
    const decision = decide({ capability, classification, trafficType, policy, cohort, nowMs, excluded: exclusions, senderHoldsCode: send.codeRelayKeyId !== '' });
    return { decision, classification, cohort, policy, policyVersion: version, nowMs };
  }
}
