import { Inject, Injectable } from '@nestjs/common';
import { EventPublisher, type PublishOptions } from '@switchback/bus';
import { Channel, create, DispatchCommandSchema, KeyDeliveryMode, RoutingDecisionSchema, SecureLinkRequestedSchema, type SendRequested, type SendResolved } from '@switchback/contracts';
import { KeyedHasher } from '@switchback/crypto';
import { CONFIG } from '@switchback/runtime';
import type { Classification, Classify } from '@switchback/sensitivity';
import { CLOCK, type Clock } from '../clock';
import type { Cohort } from '../cohort/cohort';
import { CohortAssigner } from '../cohort/cohort-assigner';
import type { RoutingConfig } from '../config/routing.config';
import { decide } from '../decision/decide';
import type { CapabilityView, Decision } from '../decision/decision';
import { RoutingMetrics } from '../metrics/routing-metrics';
import { annotateDecisionSpan } from './decision-span';
import { MessageLedger } from '../messages/message-ledger';
import { HoldStore } from '../hold/hold.store';
import { PolicyStore } from '../policy/policy.store';
import type { TenantPolicy } from '../policy/tenant-policy';
import { CLASSIFIER } from './classifier.port';
import { MalformedSendException } from './routing.exception';
import { senderLabelsOf, trafficTypeOf, verdictOf } from './send-inputs';

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
 * Routes one resolved send: classify, load the tenant policy, assign the cohort, decide, then
 * publish the legs the decision calls for and, always, the decision itself (metadata only).
 */
@Injectable()
export class RouteSendService {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly hasher: KeyedHasher,
    private readonly policies: PolicyStore,
    private readonly cohorts: CohortAssigner,
    @Inject(CLASSIFIER) private readonly classify: Classify,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Pick<RoutingConfig, 'RCS_TTL_SECONDS'>,
    private readonly ledger: MessageLedger,
    private readonly holds: HoldStore,
    private readonly metrics: RoutingMetrics,
  ) {}

  /** Classify, load the policy, assign the cohort and decide: publishes and stores nothing. */
  async evaluate(send: ValidSend, capability: CapabilityView | undefined): Promise<Evaluation> {
    const { policy, version } = await this.policies.latest(send.tenantId);
    const trafficType = trafficTypeOf(send);
    const classification = this.classify({ text: send.content.text, senderLabels: senderLabelsOf(send), trafficType }, { allowSenderDowngrade: policy.allowSenderDowngrade });
    const cohort = this.cohorts.assign(send.recipient, policy, send.labels);
    const nowMs = this.clock.now();
    const decision = decide({ capability, classification, trafficType, policy, cohort, nowMs });
    return { decision, classification, cohort, policy, policyVersion: version, nowMs };
  }

  async route(resolved: SendResolved): Promise<Decision> {
    const send = resolved.send;
    if (!send?.messageId || !send.recipient || !send.tenantId) throw new MalformedSendException('send without message id, tenant or recipient');
    if (typeof send.content?.text !== 'string') throw new MalformedSendException('send without content');
    const valid = send as ValidSend;

    const { decision, classification, cohort, policy, policyVersion: version, nowMs } = await this.evaluate(valid, resolved.capability);

    const recipientHash = this.hasher.hash(send.recipient);
    const options: PublishOptions = { key: recipientHash, messageId: send.messageId };
    const record = create(RoutingDecisionSchema, {
      messageId: send.messageId,
      tenantId: send.tenantId,
      recipientHash,
      channel: decision.channel,
      e2eeCapability: decision.e2eeCapability,
      fallbackReason: decision.fallbackReason,
      actionTaken: decision.actionTaken,
      sensitivity: verdictOf(classification.level),
      decidedAtMs: BigInt(nowMs),
      detectorIds: [...classification.detectors],
      policyVersion: version,
      cohort: cohort.name,
      contentFingerprint: this.hasher.hash(valid.content.text),
      trafficType: send.trafficType,
      dualChannel: decision.dualChannel,
      region: resolved.capability?.region ?? '',
      carrier: resolved.capability?.carrier ?? '',
      holdExpiresAtMs: BigInt(decision.holdExpiresAtMs ?? 0),
    });
    // A block is held (sealed) before its decision is published: an accepted block is never lost.
    if (decision.holdExpiresAtMs !== undefined) await this.holds.hold(valid, resolved.capability, record);
    // Stored before publishing, so a retried send rewrites the same row (an upsert).
    await this.ledger.recordDecision({ ...record, decidedAtMs: nowMs });
    await Promise.all([...this.legs(valid, decision, policy, options), this.publisher.publish('routingDecision', record, options)]);
    this.metrics.decided(record);
    annotateDecisionSpan(record);
    return decision;
  }

  private legs(send: ValidSend, decision: Decision, policy: TenantPolicy, options: PublishOptions): Promise<void>[] {
    if (decision.secureLink) {
      const link = decision.secureLink;
      return [this.publisher.publish('dispatchSecureLink', this.secureLink(send, link.channel, link.keyMode, link.ttlSeconds, link.maxViews), options)];
    }
    // In-app E2EE is a payload sealed to the device key: payload-store's device-key mode.
    if (decision.channel === Channel.INAPP_E2EE) {
      const request = this.secureLink(send, Channel.INAPP_E2EE, KeyDeliveryMode.DEVICE_KEY, policy.secureLink.ttlSeconds, policy.secureLink.maxViews);
      return [this.publisher.publish('dispatchSecureLink', request, options)];
    }
    if (decision.channel === Channel.UNSPECIFIED) return []; // blocked: the decision only
    const legs = [this.dispatch(send, decision.channel, 1, options)];
    if (decision.dualChannel !== Channel.UNSPECIFIED) legs.push(this.dispatch(send, decision.dualChannel, 2, options));
    return legs;
  }

  private dispatch(send: ValidSend, channel: Channel, leg: number, options: PublishOptions): Promise<void> {
    const rcs = channel === Channel.RCS || channel === Channel.RCS_E2EE;
    const command = create(DispatchCommandSchema, {
      messageId: send.messageId,
      tenantId: send.tenantId,
      recipient: send.recipient,
      content: send.content,
      channel,
      leg,
      requestedAtMs: send.requestedAtMs,
      ttlSeconds: rcs ? this.config.RCS_TTL_SECONDS : 0,
    });
    return this.publisher.publish(rcs ? 'dispatchRcs' : 'dispatchSms', command, options);
  }

  private secureLink(send: ValidSend, channel: Channel, keyMode: KeyDeliveryMode, ttlSeconds: number, maxViews: number) {
    return create(SecureLinkRequestedSchema, {
      messageId: send.messageId,
      tenantId: send.tenantId,
      recipient: send.recipient,
      content: send.content,
      channel,
      keyMode,
      ttlSeconds,
      maxViews,
      requestedAtMs: send.requestedAtMs,
      leg: 1,
    });
  }
}
