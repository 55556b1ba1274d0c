import { Inject, Injectable } from '@nestjs/common';
import { EventPublisher, type EventSink } from '@switchback/bus';
import { ActionTaken, Channel, create, DispatchCommandSchema, fromBinary, MessageContentSchema, SendRequestedSchema, Sensitivity, type FallbackReason } from '@switchback/contracts';
import { CLOCK, type Clock, CONFIG } from '@switchback/runtime';
import { CohortAssigner } from '../cohort/cohort-assigner';
import type { RoutingConfig } from '../config/routing.config';
import { traceOf } from '../lifecycle/lifecycle-rows';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { inMessageTrace } from '../lifecycle/message-trace';
import { PolicyStore } from '../policy/policy.store';
import { capabilityOf, heldDecision } from './held-decision';
import type { HeldMessageEntity } from './held-message.entity';
import { HeldMessageRepository } from './held-message.repository';
import { RoutingMetrics } from '../metrics/routing-metrics';
import { HoldCipher } from './hold-cipher';
import { HoldOverrideException } from './hold.exception';
import { overrideChannel } from './override-channel';

export interface OverrideRequest {
  readonly tenantId: string;
  readonly messageId: string;
  readonly actor: string;
  readonly reason: string;
}

export interface OverrideResult {
  readonly messageId: string;
  readonly channel: 'RCS' | 'SMS';
  readonly actionTaken: 'USER_OVERRIDE';
}

/**
 * Releases a held message on an authorised override: checks the hold and that a channel is
 * left, claims the row (one conditional UPDATE, so two racing overrides release once), opens
 * the released leg's lifecycle (failover, deadline, one MessageTerminal), sends it, deletes the
 * sealed content and records a USER_OVERRIDE decision with actor and reason. The release runs
 * in the trace the send was held in, linked to the override's request.
 */
@Injectable()
export class HoldOverrideService {
  constructor(
    private readonly repository: HeldMessageRepository,
    private readonly cipher: HoldCipher,
    private readonly policies: PolicyStore,
    private readonly cohorts: CohortAssigner,
    @Inject(EventPublisher) private readonly publisher: EventSink,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Pick<RoutingConfig, 'RCS_TTL_SECONDS'>,
    private readonly metrics: RoutingMetrics,
    private readonly lifecycle: LifecycleService,
  ) {}

  async override(request: OverrideRequest): Promise<OverrideResult> {
    const { tenantId, messageId } = request;
    const now = this.clock.now();
    const row = await this.repository.find(tenantId, messageId);
    if (!row) throw new HoldOverrideException('not_found', `no held message ${messageId}`);
    const sealed = this.sealedOf(row, now);

    const at = { tenantId, messageId };
    const recipient = this.cipher.open(row.keyId, sealed.recipient, { ...at, field: 'recipient' }).toString('utf8');
    const content = fromBinary(MessageContentSchema, this.cipher.open(row.keyId, sealed.content, { ...at, field: 'content' }));
    const { policy, version } = await this.policies.latest(tenantId);
    const cohort = this.cohorts.assign(recipient, policy, row.labels);
    const capability = capabilityOf(row);
    const channel = overrideChannel(capability, policy, cohort);
    if (channel === undefined) throw new HoldOverrideException('no_channel', 'the current policy leaves no plaintext channel for this recipient');

    if (!(await this.repository.claim(tenantId, messageId, request.actor, request.reason, new Date(now)))) {
      const current = await this.repository.find(tenantId, messageId);
      throw current?.status === 'released'
        ? new HoldOverrideException('released', 'this message was already released')
        : new HoldOverrideException('expired', 'this hold has expired');
    }
    return inMessageTrace('hold_override', { messageId, trace: traceOf(row) }, async () => {
      const options = { key: row.recipientHash, messageId };
      const rcs = channel === Channel.RCS;
      const command = create(DispatchCommandSchema, {
        ...at,
        recipient,
        content,
        channel,
        leg: 1,
        requestedAtMs: BigInt(row.requestedAtMs),
        ttlSeconds: rcs ? this.config.RCS_TTL_SECONDS : 0,
        connectorRegions: [...policy.residency.regions],
      });
      // What a failover of this leg would route again. The sender's own claim is not kept with
      // the hold: a send held with any sensitive verdict counts as claimed sensitive, so the
      // re-run of the policy can only be stricter than the first, never plainer.
      const send = create(SendRequestedSchema, {
        ...at,
        recipient,
        content,
        trafficType: row.trafficType,
        labels: [...row.labels],
        requestedAtMs: BigInt(row.requestedAtMs),
        sensitivity: row.sensitivity === Sensitivity.NORMAL ? Sensitivity.NORMAL : Sensitivity.SENSITIVE,
      });
      try {
        // Followed before it is published, so its outcomes always find the message.
        await this.lifecycle.openReleased({ send, capability, channel, fallbackReason: row.fallbackReason as FallbackReason, policy, recipientHash: row.recipientHash, nowMs: now });
        await this.publisher.publish(rcs ? 'dispatchRcs' : 'dispatchSms', command, options);
      } catch (error) {
        // Not sent: it may be overridden again.
        await this.lifecycle.discard(messageId);
        await this.repository.unclaim(tenantId, messageId);
        throw error;
      }
      await this.repository.wipe(tenantId, messageId);
      const decision = heldDecision(row, { actionTaken: ActionTaken.USER_OVERRIDE, channel, policyVersion: version, cohort: cohort.name, decidedAtMs: now, actor: request.actor, overrideReason: request.reason });
      await this.publisher.publish('routingDecision', decision, options);
      this.metrics.decided(decision);
      return { messageId, channel: rcs ? 'RCS' : 'SMS', actionTaken: 'USER_OVERRIDE' } as const;
    });
  }

  /** The sealed values of a hold that may still be overridden; otherwise why not. */
  private sealedOf(row: HeldMessageEntity, now: number): { recipient: Buffer; content: Buffer } {
    if (row.status === 'released') throw new HoldOverrideException('released', 'this message was already released');
    if (row.status === 'expired' || row.holdExpiresAt.getTime() <= now || !row.recipientCiphertext || !row.contentCiphertext) {
      throw new HoldOverrideException('expired', 'this hold has expired');
    }
    return { recipient: row.recipientCiphertext, content: row.contentCiphertext };
  }
}
