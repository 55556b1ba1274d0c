import { Injectable } from '@nestjs/common';
import { CapabilitySchema, Channel, fromBinary, type RoutingDecision } from '@switchback/contracts';
import { Outbox, type StagedOutbox } from '../outbox/outbox';
import { StagedEvents } from '../outbox/staged-events';
import { failoverRuleFor } from '../policy/failover-policy';
import { decisionRecord } from '../routing/decision-record';
import { LegPublisher, planLegs } from '../routing/leg-publisher';
import { SendEvaluator, type ValidSend } from '../routing/send-evaluator';
import type { Step } from './lifecycle-machine';
import { channelOfLeg, isRcs } from './lifecycle-state';
import { FailoverImpossibleException } from './lifecycle.exception';
import type { TerminalRow } from './lifecycle-rows';
import type { LifecycleTx } from './lifecycle-tx';
import { SendSealer } from './send-sealer';
import type { VersionedPolicy } from '../policy/tenant-policy';
import { ContentFingerprinter } from '../fingerprint/content-fingerprinter';

type FailoverStep = Extract<Step, { kind: 'failover' }>;

/**
 * What a failover did: the next leg went out (its decision already published), or nothing was
 * left and the message ended (its BLOCKED decision is published after the commit).
 */
export interface FailoverResult {
  readonly decision: RoutingDecision;
  readonly trafficType: string;
  readonly from: Channel;
  readonly dispatched: boolean;
  readonly terminal?: TerminalRow;
  /** The next leg's dispatch and decision, committed in the outbox: to publish after the commit. */
  readonly outbox?: StagedOutbox;
}

/**
 * Re-runs the policy for a message whose leg failed, without the failed rungs: the next leg
 * (number max + 1) and its decision are written to the outbox in the message's transaction and
 * published after the commit, never while the row is locked. A crash after the commit leaves
 * them to the outbox relay; a resent leg number is deduplicated by the gateways (message id +
 * leg). decide() keeps a sensitive message off plaintext: it gets E2EE, a secure link or nothing.
 */
@Injectable()
export class FailoverService {
  constructor(
    private readonly sealer: SendSealer,
    private readonly evaluator: SendEvaluator,
    private readonly legs: LegPublisher,
    private readonly outbox: Outbox,
    private readonly fingerprints: ContentFingerprinter,
  ) {}

  /** After the commit: publishes the next leg and its decision from the outbox. */
  deliver(staged: StagedOutbox): Promise<void> {
    return this.outbox.deliver(staged);
  }

  /** Runs inside the message's transaction: `policy` is loaded by the caller, before the lock. */
  async failover(tx: LifecycleTx, step: FailoverStep, at: Date, policy: VersionedPolicy): Promise<FailoverResult> {
    const message = tx.message;
    // The machine fails over only while the send is sealed; a send without text cannot be re-routed.
    const stored = this.sealer.openStored(message);
    if (typeof stored?.content?.text !== 'string') throw new FailoverImpossibleException(message.messageId);
    const send = stored as ValidSend;
    const capability = message.capability ? fromBinary(CapabilitySchema, message.capability) : undefined;
    const evaluated = await this.evaluator.evaluate(send, capability, step.excluded, policy);
    // A failover is one leg: a pilot's dual SMS belongs to the first routing only. A failover
    // that finds no rung is not held for an override (the message ends), so it names no hold.
    const evaluation = { ...evaluated, decision: { ...evaluated.decision, dualChannel: Channel.UNSPECIFIED, holdExpiresAtMs: undefined } };
    const firstLeg = message.legsDispatched + 1;
    const plan = planLegs(evaluation.decision, firstLeg);
    const decision = decisionRecord({ send, evaluation, capability, recipientHash: message.recipientHash, contentFingerprint: await this.fingerprints.of(send.tenantId, send.content.text), leg: firstLeg, failoverFromLeg: step.leg });
    const from = channelOfLeg(message, step.leg);
    const result = { decision, trafficType: message.trafficType, from };

    const next = plan.legs[0];
    if (!next) {
      // Nothing left (blocked for want of a rung): the message ends with the failed leg's outcome.
      const terminal = await tx.end({ state: 'blocked', status: 'failed', leg: step.leg, channel: from, reason: `failover_blocked:${step.end.reason}`, at });
      return { ...result, dispatched: false, terminal };
    }
    const rule = failoverRuleFor(evaluation.policy.failover, message.trafficType);
    const deadlineAt = isRcs(next.channel) && rule.deliveryTimeoutS > 0 ? new Date(at.getTime() + rule.deliveryTimeoutS * 1000) : null;
    const added = await tx.addFailoverLeg({ leg: next.leg, channel: next.channel, deadlineAt, fallbackReason: evaluation.decision.fallbackReason, failoverFromLeg: step.leg }, plan.lastLeg, at);
    if (!added) return { ...result, dispatched: false };
    // The leg and its decision go to the outbox in this transaction, published after the commit.
    const options = { key: message.recipientHash, messageId: message.messageId };
    const staged = new StagedEvents();
    await Promise.all([...this.legs.publish(send, evaluation.decision, evaluation.policy, firstLeg, options, staged), staged.publish('routingDecision', decision, options)]);
    return { ...result, dispatched: true, outbox: await tx.stage(this.outbox, staged.events) };
  }
}
