import { Inject, Injectable } from '@nestjs/common';
import { EventPublisher, type EventSink, type PublishOptions } from '@switchback/bus';
import type { SendResolved } from '@switchback/contracts';
import { KeyedHasher } from '@switchback/crypto';
import { CLOCK, type Clock } from '@switchback/runtime';
import type { CapabilityView, Decision } from '../decision/decision';
import { ContentFingerprinter } from '../fingerprint/content-fingerprinter';
import { HoldStore } from '../hold/hold.store';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { MessageLedger } from '../messages/message-ledger';
import { RoutingMetrics } from '../metrics/routing-metrics';
import { annotateDecisionSpan } from './decision-span';
import { decisionRecord } from './decision-record';
import { LegPublisher, planLegs } from './leg-publisher';
import { MalformedSendException } from './routing.exception';
import { SendEvaluator, type Evaluation, type ValidSend } from './send-evaluator';

export type { Evaluation, ValidSend } from './send-evaluator';

/**
 * Routes one resolved send: evaluate (classify, policy, cohort, open circuits, decide), then
 * publish the legs the decision calls for and, always, the decision itself (metadata only).
 * The legs' lifecycle is stored first, so every outcome finds the message it belongs to.
 */
@Injectable()
export class RouteSendService {
  constructor(
    @Inject(EventPublisher) private readonly publisher: EventSink,
    private readonly hasher: KeyedHasher,
    private readonly evaluator: SendEvaluator,
    private readonly legs: LegPublisher,
    private readonly ledger: MessageLedger,
    private readonly holds: HoldStore,
    private readonly lifecycle: LifecycleService,
    private readonly metrics: RoutingMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly fingerprints: ContentFingerprinter,
  ) {}

  /** Classify, load the policy, assign the cohort and decide: publishes and stores nothing. */
  evaluate(send: ValidSend, capability: CapabilityView | undefined): Promise<Evaluation> {
    return this.evaluator.evaluate(send, capability);
  }

  async route(resolved: SendResolved): Promise<Decision> {
    const send = resolved.send;
    if (!send?.messageId || !send.recipient || !send.tenantId) throw new MalformedSendException('send without message id, tenant or recipient');
    if (typeof send.content?.text !== 'string') throw new MalformedSendException('send without content');
    const valid = send as ValidSend;

    const evaluation = await this.evaluator.evaluate(valid, resolved.capability);
    const { decision, nowMs } = evaluation;
    const recipientHash = this.hasher.hash(send.recipient);
    const options: PublishOptions = { key: recipientHash, messageId: send.messageId };
    const record = decisionRecord({ send: valid, evaluation, capability: resolved.capability, recipientHash, contentFingerprint: await this.fingerprints.of(valid.tenantId, valid.content.text), leg: 1 });
    // A block is held (sealed) before its decision is published: an accepted block is never lost.
    if (decision.holdExpiresAtMs !== undefined) {
      await this.holds.hold(valid, resolved.capability, record);
      // Only a block is held; a PERSONAL/SECRET one is a plaintext-fallback event mitigated by the hold.
      this.metrics.fallbackMitigated('held', record.sensitivity, nowMs, this.clock.now());
    }
    // Stored before publishing, so a retried send rewrites the same rows (upserts).
    await Promise.all([
      this.ledger.recordDecision({ ...record, decidedAtMs: nowMs }),
      this.lifecycle.open(valid, resolved.capability, evaluation, planLegs(decision, 1), recipientHash),
    ]);
    await Promise.all([...this.legs.publish(valid, decision, evaluation.policy, 1, options), this.publisher.publish('routingDecision', record, options)]);
    this.metrics.decided(record);
    annotateDecisionSpan(record);
    return decision;
  }
}
