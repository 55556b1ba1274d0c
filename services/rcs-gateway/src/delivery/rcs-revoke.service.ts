import { Inject, Injectable, Logger } from '@nestjs/common';
import { DeliveryStatus, type RevokeCommand } from '@switchback/contracts';
import { KeyedHasher } from '@switchback/crypto';
import { CLOCK, CONFIG, type SleepingClock } from '@switchback/runtime';
import type { RcsGatewayConfig } from '../config/rcs-gateway.config';
import { AgentThrottle } from '../limits/agent-throttle';
import { RcsMetrics } from '../metrics/rcs-metrics';
import { RbmAgentClient } from '../rbm/rbm-agent.client';
import { rbmMessageId } from '../rbm/rbm-message-id';
import { HubCircuit } from './hub-circuit';
import { LegStore, type LegRecord, type RevokeRecord } from './leg-store';
import { OutcomePublisher } from './outcome.publisher';

export type RevokeAnswer = RevokeRecord['answer'];

/** The fields of a RevokeCommand the revocation uses. */
export type RevokeRequest = Pick<RevokeCommand, 'messageId' | 'tenantId' | 'recipient' | 'leg' | 'reason' | 'requestedAtMs'>;

const OUTCOME: Readonly<Record<RevokeAnswer, { status: Exclude<DeliveryStatus, DeliveryStatus.FAILED>; reason?: string }>> = {
  revoked: { status: DeliveryStatus.REVOKED }, // reason: the command's
  already_delivered: { status: DeliveryStatus.DELIVERED, reason: 'already_delivered' },
  already_expired: { status: DeliveryStatus.EXPIRED, reason: 'already_expired' },
};

/**
 * Revokes an undelivered RCS leg before routing falls back, and reports the leg's outcome:
 * REVOKED (reason: the command's) when RBM revoked it, DELIVERED `already_delivered` when a
 * DELIVERED/READ event was seen or RBM answers 404, EXPIRED `already_expired` when its ttl ran
 * out first. The answer is stored on the leg before the outcome is published, so a redelivered
 * command repeats the same outcome (if it was not yet confirmed) or does nothing; it never asks
 * the hub again, whose 404 would then contradict the first answer. The stored leg state also
 * stops pending send retries of the leg. 5xx, timeouts and our own limits throw retriably.
 */
@Injectable()
export class RcsRevokeService {
  private readonly logger = new Logger(RcsRevokeService.name);

  constructor(
    private readonly client: RbmAgentClient,
    private readonly legs: LegStore,
    private readonly throttle: AgentThrottle,
    private readonly outcomes: OutcomePublisher,
    private readonly hasher: KeyedHasher,
    private readonly metrics: RcsMetrics,
    @Inject(CONFIG) private readonly config: RcsGatewayConfig,
    @Inject(CLOCK) private readonly clock: SleepingClock,
    private readonly circuit: HubCircuit,
  ) {}

  async revoke(request: RevokeRequest): Promise<RevokeAnswer> {
    const id = rbmMessageId(this.config.RBM_AGENT_ID, request.messageId, request.leg);
    // A leg this instance never stored (its key expired, or Redis was lost) may still be at the hub.
    let leg = (await this.legs.find(id)) ?? this.legFrom(request, id);
    if (leg.revoke) {
      this.metrics.revocations.inc({ result: 'redelivered' });
      if (!leg.revoke.reported) await this.report(leg, leg.revoke);
      return leg.revoke.answer;
    }
    const answer = await this.ask(leg, request.recipient);
    const revoke: RevokeRecord = { answer, reason: request.reason, reported: false };
    leg = await this.legs.update(leg, { revoke, ...(answer === 'revoked' ? { state: 'revoked' as const } : {}) });
    this.metrics.revocations.inc({ result: answer });
    await this.report(leg, revoke);
    return answer;
  }

  private async ask(leg: LegRecord, recipient: string): Promise<RevokeAnswer> {
    if (leg.state === 'delivered' || leg.state === 'read') return 'already_delivered';
    if (leg.state === 'expired') return 'already_expired';
    // The hub the leg went to; a leg never sent (or stored before hubs had ids): the first hub.
    const hub = (leg.hubId !== undefined ? this.circuit.hub(leg.hubId) : undefined) ?? this.circuit.hubs[0];
    if (!hub) throw new Error('rcs-gateway has no hub'); // the config schema requires one
    return this.throttle.run(() => this.client.revoke(hub, recipient, leg.rbmMessageId));
  }

  private async report(leg: LegRecord, revoke: RevokeRecord): Promise<void> {
    const outcome = OUTCOME[revoke.answer];
    await this.outcomes.publish(leg, outcome.status, outcome.reason ?? revoke.reason);
    await this.legs.update(leg, { revoke: { ...revoke, reported: true } });
    this.logger.log({ rbmMessageId: leg.rbmMessageId, answer: revoke.answer }, 'RCS leg revocation reported');
  }

  private legFrom(request: RevokeRequest, rbmMessageId: string): LegRecord {
    return {
      rbmMessageId,
      messageId: request.messageId,
      tenantId: request.tenantId,
      recipientHash: this.hasher.hash(request.recipient),
      leg: request.leg,
      requestedAtMs: String(request.requestedAtMs),
      firstAttemptAtMs: this.clock.now(),
    };
  }
}
