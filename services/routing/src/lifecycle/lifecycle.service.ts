import { Inject, Injectable } from '@nestjs/common';
import { EventPublisher, type EventSink } from '@switchback/bus';
import { CapabilitySchema, create, DeliveryStatus, RevokeCommandSchema, toBinary, type Capability, type Channel, type DeliveryOutcome, type FallbackReason, type RevokeCommand, type RoutingDecision, type SendRequested } from '@switchback/contracts';
import { captureTraceContext } from '@switchback/telemetry';
import type { EntityManager } from 'typeorm';
import { CLOCK, type Clock } from '@switchback/runtime';
import { RoutingMetrics } from '../metrics/routing-metrics';
import { failoverRuleFor } from '../policy/failover-policy';
import { PolicyStore } from '../policy/policy.store';
import type { TenantPolicy, VersionedPolicy } from '../policy/tenant-policy';
import type { LegPlan } from '../routing/leg-publisher';
import type { Evaluation, ValidSend } from '../routing/send-evaluator';
import { trafficTypeOf } from '../routing/send-inputs';
import { FailoverService, type FailoverResult } from './failover.service';
import { movesLifecycle, onOutcome } from './lifecycle-machine';
import { channelOfLeg, isRcs, OPEN_LEG_STATES, type LegState, type MessageState, type RevokeReason } from './lifecycle-state';
import type { EndedWithoutLeg, TerminalRow } from './lifecycle-rows';
import type { LifecycleTx } from './lifecycle-tx';
import { LifecycleRepository } from './lifecycle.repository';
import { inMessageTrace } from './message-trace';
import { SendSealer } from './send-sealer';
import { statusOf, TerminalAnnouncer } from './terminal-announcer';

/** Side effects decided under the row lock, run after the commit. */
interface AfterCommit {
  readonly terminal?: TerminalRow;
  readonly revokes?: readonly RevokeCommand[];
  readonly failover?: FailoverResult;
  /** The message had ended before this outcome: its announcement may still be owed. */
  readonly endedBefore?: boolean;
  /** Its first delivery ended it here: when the winning outcome occurred (for the delivery latency). */
  readonly delivery?: { readonly trafficType: string; readonly deliveredAtMs: number };
}

const END_STATE: Readonly<Partial<Record<DeliveryStatus, MessageState>>> = {
  [DeliveryStatus.FAILED]: 'failed',
  [DeliveryStatus.EXPIRED]: 'expired',
  [DeliveryStatus.REVOKED]: 'revoked',
};
/** The bus message id of a revoke: one per leg, so a resent revoke is recognisable downstream. */
export const revokeEventId = (revoke: Pick<RevokeCommand, 'messageId' | 'leg'>): string => `revoke:${revoke.messageId}:${revoke.leg}`;

/** The one leg an override released, as LifecycleService.openReleased follows it. */
export interface ReleasedLeg {
  /** The send as a failover would route it again (see HoldOverrideService: its claim raised to the held verdict). */
  readonly send: SendRequested;
  readonly capability: Capability | undefined;
  readonly channel: Channel;
  readonly fallbackReason: FallbackReason;
  readonly policy: TenantPolicy;
  readonly recipientHash: string;
  readonly nowMs: number;
}

/** The transition found the message under another tenant than the one it was run for: nothing was written. */
const OTHER_TENANT = Symbol('other tenant');

const ANY_LEG_STATE: readonly LegState[] = ['live', 'revoking', 'delivered', 'read', 'failed', 'unreachable', 'expired', 'revoked', 'lost'];
const statusName = (status: DeliveryStatus): string => (DeliveryStatus[status] ?? 'failed').toLowerCase();

/**
 * The delivery lifecycle of each dispatched message: opened when routing dispatches it, moved
 * by delivery outcomes (onOutcome, the state machine in lifecycle-machine.ts) and by the
 * sweeper's delivery deadlines, until exactly one terminal state, announced once as
 * MessageTerminal.
 */
@Injectable()
export class LifecycleService {
  constructor(
    private readonly repository: LifecycleRepository,
    private readonly sealer: SendSealer,
    private readonly failovers: FailoverService,
    private readonly announcer: TerminalAnnouncer,
    private readonly policies: PolicyStore,
    @Inject(EventPublisher) private readonly publisher: EventSink,
    private readonly metrics: RoutingMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Follows the legs of a first routing. The send is sealed only when an RCS leg may need a
   * failover or a revoke (both need the recipient, a failover the content too).
   */
  open(send: ValidSend, capability: Capability | undefined, evaluation: Evaluation, plan: LegPlan, recipientHash: string): Promise<void> {
    return this.follow(send, capability, evaluation.policy, plan, evaluation.decision.fallbackReason, recipientHash, evaluation.nowMs);
  }

  /**
   * Follows the leg an override released (leg 1, stored before it is published, like a first
   * routing's). Sealed only on RCS, the only leg that can fail over or be revoked: a failover
   * then re-runs the policy (decide()) like any other, so sensitive content gets E2EE, a secure
   * link or nothing; the override authorised plaintext on the leg it released, not on the next.
   */
  openReleased(release: ReleasedLeg): Promise<void> {
    const plan = { legs: [{ leg: 1, channel: release.channel }], lastLeg: 1 };
    return this.follow(release.send, release.capability, release.policy, plan, release.fallbackReason, release.recipientHash, release.nowMs);
  }

  /** Forgets a lifecycle whose leg was never published (the override's dispatch failed; it may be overridden again). */
  discard(messageId: string): Promise<void> {
    return this.repository.discard(messageId);
  }

  /**
   * Ends, in the caller's transaction, messages that never had a leg (holds nobody overrode),
   * once each; announce what it returns with announceEnded after the commit.
   */
  endWithoutLeg(manager: EntityManager, rows: readonly EndedWithoutLeg[]): Promise<TerminalRow[]> {
    return this.repository.insertEnded(manager, rows);
  }

  /** Counts and announces ends committed by this instance, each in its message's trace. */
  async announceEnded(terminals: readonly TerminalRow[]): Promise<void> {
    for (const terminal of terminals) {
      this.metrics.terminal(terminal.tenantId, statusOf(terminal.status), terminal.channel, terminal.reason);
      await inMessageTrace('announce_terminal', terminal, () => this.announcer.announce(terminal));
    }
  }

  private async follow(send: SendRequested, capability: Capability | undefined, policy: TenantPolicy, plan: LegPlan, fallbackReason: FallbackReason, recipientHash: string, nowMs: number): Promise<void> {
    if (plan.legs.length === 0) return;
    const trafficType = trafficTypeOf(send);
    const rule = failoverRuleFor(policy.failover, trafficType);
    const sealed = plan.legs.some((leg) => isRcs(leg.channel)) ? this.sealer.seal(send) : undefined;
    const deadline = rule.deliveryTimeoutS > 0 ? new Date(nowMs + rule.deliveryTimeoutS * 1000) : null;
    await this.repository.open(
      {
        messageId: send.messageId,
        tenantId: send.tenantId,
        recipientHash,
        trafficType,
        legsDispatched: plan.lastLeg,
        keyId: sealed?.keyId ?? null,
        sendCiphertext: sealed?.ciphertext ?? null,
        capability: sealed && capability ? Buffer.from(toBinary(CapabilitySchema, capability)) : null,
        requestedAtMs: send.requestedAtMs,
        createdAt: new Date(nowMs),
        // The send's trace (routing's consumer span, or the hold's resumed one): the sweeper's revokes and expiries continue it.
        trace: captureTraceContext(),
      },
      plan.legs.map((leg) => ({ ...leg, deadlineAt: isRcs(leg.channel) ? deadline : null, fallbackReason, failoverFromLeg: 0 })),
    );
  }

  async onOutcome(outcome: DeliveryOutcome): Promise<void> {
    // SUBMITTED and the like change nothing: no read, no row lock (the hot path's busiest outcome).
    if (!movesLifecycle(outcome.status)) return;
    // The common win (the only open leg delivered) is one compare-and-set statement.
    if (await this.winAlone(outcome)) return;
    // The policy is read before the row lock is taken: a transaction must never wait for a
    // second pool connection. Under load every connection would be held by a handler waiting
    // for another one (a policy cache miss), and the consumer would stop for good. The tenant
    // the outcome names saves a read; the locked row has the last word.
    let tenantId = outcome.tenantId || (await this.repository.tenantOf(outcome.messageId));
    if (tenantId === undefined) return; // a message routing does not follow (blocked, or before this release)
    let after = await this.transitionAs(tenantId, outcome);
    if (after === OTHER_TENANT) {
      // The outcome named another tenant than the message's (a gateway bug or a forged event): the message's own policy applies.
      tenantId = await this.repository.tenantOf(outcome.messageId);
      if (tenantId === undefined) return;
      after = await this.transitionAs(tenantId, outcome);
    }
    if (after === undefined || after === OTHER_TENANT) return; // a message routing does not follow (blocked, or before this release)
    await this.finish(after);
    // A redelivered outcome of a message whose end was committed but never announced.
    if (after.endedBefore) {
      const unannounced = await this.repository.unannouncedOf(outcome.messageId);
      if (unannounced) await this.announcer.announce(unannounced);
    }
  }

  /** True when the outcome ended its message on the compare-and-set path (and it is announced). */
  private async winAlone(outcome: DeliveryOutcome): Promise<boolean> {
    const won = outcome.status === DeliveryStatus.DELIVERED || outcome.status === DeliveryStatus.READ;
    if (!won || !outcome.tenantId) return false;
    const at = new Date(this.clock.now());
    const legState = outcome.status === DeliveryStatus.READ ? 'read' : 'delivered';
    const ended = await this.repository.winAlone({ messageId: outcome.messageId, tenantId: outcome.tenantId, leg: outcome.leg, legState, reason: outcome.reason, at });
    if (!ended) return false;
    // The gateway's time of the delivery; routing's own if the outcome carries none.
    const deliveredAtMs = outcome.occurredAtMs > 0n ? Number(outcome.occurredAtMs) : at.getTime();
    await this.finish({ terminal: ended.terminal, delivery: { trafficType: ended.trafficType, deliveredAtMs } });
    return true;
  }

  /** The transition under `tenantId`'s policy, if the locked message is that tenant's. */
  private async transitionAs(tenantId: string, outcome: DeliveryOutcome): Promise<AfterCommit | typeof OTHER_TENANT | undefined> {
    const policy = await this.policies.latest(tenantId);
    return this.repository.transition(outcome.messageId, async (tx) => (tx.message.tenantId === tenantId ? this.apply(tx, outcome, policy) : OTHER_TENANT));
  }

  /** Publishes what the committed transition calls for; counts each end once (its CAS won). */
  async finish(after: AfterCommit): Promise<void> {
    await Promise.all((after.revokes ?? []).map((revoke) => this.publisher.publish('dispatchRevoke', revoke, { key: after.terminal?.recipientHash ?? revoke.messageId, messageId: revokeEventId(revoke) })));
    const failover = after.failover;
    if (failover?.outbox) await this.failovers.deliver(failover.outbox);
    if (failover) {
      this.metrics.failover(failover.decision.tenantId, failover.trafficType, failover.decision.fallbackReason, failover.from, failover.decision.channel);
      if (!failover.dispatched) await this.publishDecision(failover.decision);
      else this.metrics.decided(failover.decision);
    }
    if (after.terminal) {
      this.metrics.terminal(after.terminal.tenantId, statusOf(after.terminal.status), after.terminal.channel, after.terminal.reason);
      if (after.delivery) this.metrics.delivered(after.terminal.channel, after.delivery.trafficType, Number(after.terminal.requestedAtMs), after.delivery.deliveredAtMs);
      await this.announcer.announce(after.terminal);
    }
  }

  private async apply(tx: LifecycleTx, outcome: DeliveryOutcome, versioned: VersionedPolicy): Promise<AfterCommit> {
    const message = tx.message;
    const { policy } = versioned;
    const step = onOutcome(message, { leg: outcome.leg, status: outcome.status, reason: outcome.reason, failureClass: outcome.failureClass }, failoverRuleFor(policy.failover, message.trafficType));
    const at = new Date(this.clock.now());
    switch (step.kind) {
      case 'ignore':
        return { endedBefore: message.state !== 'dispatched' };
      case 'settle':
        await tx.setLeg(step.leg, step.messageState ? ['delivered'] : OPEN_LEG_STATES, step.legState, at, { deadlineAt: null });
        if (step.messageState) await tx.setMessageState('delivered', step.messageState);
        return {};
      case 'wait':
        await tx.setLeg(step.leg, OPEN_LEG_STATES, step.legState, at, { deadlineAt: null });
        return {};
      case 'end':
        await tx.setLeg(step.leg, OPEN_LEG_STATES, step.legState, at, { deadlineAt: null });
        return { terminal: await tx.end({ state: END_STATE[step.status] ?? 'failed', status: statusName(step.status), leg: step.leg, channel: channelOfLeg(message, step.leg), reason: step.reason, at }) };
      case 'failover': {
        await tx.setLeg(step.leg, OPEN_LEG_STATES, step.legState, at, { deadlineAt: null });
        const failover = await this.failovers.failover(tx, step, at, versioned);
        return { failover, terminal: failover.terminal };
      }
      case 'win': {
        await tx.setLeg(step.leg, ANY_LEG_STATE, step.legState, at, { deadlineAt: null });
        const revokes = step.revoke.length > 0 ? this.revokes(tx, step.revoke.map((leg) => leg.leg), 'dual_delivery_lost', at) : [];
        for (const leg of step.revoke) await tx.setLeg(leg.leg, ['live'], 'revoking', at, { revokeReason: 'dual_delivery_lost', deadlineAt: null });
        for (const leg of step.lose) await tx.setLeg(leg.leg, OPEN_LEG_STATES, 'lost', at, { deadlineAt: null });
        const terminal = await tx.end({ state: step.legState, status: step.legState, leg: step.leg, channel: channelOfLeg(message, step.leg), reason: outcome.reason, at });
        // The gateway's time of the delivery; routing's own if the outcome carries none.
        const deliveredAtMs = outcome.occurredAtMs > 0n ? Number(outcome.occurredAtMs) : at.getTime();
        return { terminal, revokes, delivery: { trafficType: message.trafficType, deliveredAtMs } };
      }
    }
  }

  /** Revoke commands for RCS legs (the recipient comes from the sealed send, still in the locked row). */
  revokes(tx: LifecycleTx, legs: readonly number[], reason: RevokeReason, at: Date): RevokeCommand[] {
    const message = tx.message;
    const send = this.sealer.openStored(message);
    if (!send) return [];
    return legs.map((leg) =>
      create(RevokeCommandSchema, {
        messageId: message.messageId,
        tenantId: message.tenantId,
        recipient: send.recipient,
        channel: channelOfLeg(message, leg),
        leg,
        reason,
        requestedAtMs: BigInt(at.getTime()),
      }),
    );
  }

  private async publishDecision(decision: RoutingDecision): Promise<void> {
    await this.publisher.publish('routingDecision', decision, { key: decision.recipientHash, messageId: decision.messageId });
    this.metrics.decided(decision);
  }
}
