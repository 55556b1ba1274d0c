import { Inject, Injectable, Logger } from '@nestjs/common';
import { DeliveryStatus, type DispatchCommand, FailureClass, isE164 } from '@switchback/contracts';
import { KeyedHasher } from '@switchback/crypto';
import { CLOCK, CONFIG, type SleepingClock } from '@switchback/runtime';
import { captureTraceContext } from '@switchback/telemetry';
import type { RcsGatewayConfig } from '../config/rcs-gateway.config';
import { AgentThrottle } from '../limits/agent-throttle';
import { RcsMetrics } from '../metrics/rcs-metrics';
import { RbmAgentClient } from '../rbm/rbm-agent.client';
import { contentVariants, remainingTtl, type AgentContent } from '../rbm/rbm-content';
import { sendPathHealth, UNSUPPORTED_FEATURE, type RbmVerdict } from '../rbm/rbm-error.table';
import { rbmMessageId } from '../rbm/rbm-message-id';
import { HubCircuitOpenException, RbmThrottledException, RbmUnavailableException } from '../rbm/rbm.exception';
import { HubCircuit, type RbmHub } from './hub-circuit';
import { LegStore, type LegRecord } from './leg-store';
import { OutcomePublisher } from './outcome.publisher';

/** FAILED reason when the hub's breaker is open: routing fails over on it. */
export const CIRCUIT_OPEN = 'circuit_open';
/** FAILED reason when no hub serves the regions the leg may leave through (tenant residency). */
export const NO_CONNECTOR_IN_REGION = 'no_connector_in_region';

type Variant = 'rich' | 'plain';

/**
 * Sends one RCS leg and reports what the hub said: SUBMITTED, UNREACHABLE (404, or 400 even
 * as plain text: routing falls back), FAILED (other 4xx, or retries used up). A 429/5xx/
 * timeout is thrown as retriable so the bus retries it with delay; the same RBM messageId on
 * every attempt keeps retries idempotent at the hub.
 */
@Injectable()
export class RcsSendService {
  private readonly logger = new Logger(RcsSendService.name);

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

  /** `attempt` is the bus's (1 = first delivery); past the last retry tier we report FAILED. */
  async send(command: DispatchCommand, attempt: number): Promise<void> {
    const leg = await this.legs.open({
      rbmMessageId: rbmMessageId(this.config.RBM_AGENT_ID, command.messageId, command.leg),
      messageId: command.messageId,
      tenantId: command.tenantId,
      recipientHash: this.hasher.hash(command.recipient),
      leg: command.leg,
      requestedAtMs: String(command.requestedAtMs),
      firstAttemptAtMs: this.clock.now(),
      trace: captureTraceContext(),
    });
    // A redelivered command for a leg that already ended or was revoked: never send it again.
    if (leg.state !== undefined || leg.revoke) return;
    const text = command.content?.text ?? '';
    if (!isE164(command.recipient)) return this.outcomes.fail(leg, FailureClass.NOT_DELIVERED, 'invalid_recipient');
    if (text === '') return this.outcomes.fail(leg, FailureClass.NOT_DELIVERED, 'empty_content');
    const expiry = remainingTtl(command.ttlSeconds, leg.firstAttemptAtMs, this.clock.now());
    if (expiry === 'elapsed') return this.outcomes.publish(leg, DeliveryStatus.EXPIRED, 'ttl_elapsed_before_submit');

    // Data residency: only the hubs of the stamped regions, and once a leg went to a hub, only
    // that one (its messageId is idempotent there, not at another hub).
    const hubs = this.circuit.candidates(command.connectorRegions).filter((hub) => leg.hubId === undefined || hub.id === leg.hubId);
    if (hubs.length === 0) {
      this.metrics.sends.inc({ verdict: NO_CONNECTOR_IN_REGION, variant: 'none' });
      return this.outcomes.fail(leg, FailureClass.NOT_DELIVERED, NO_CONNECTOR_IN_REGION);
    }
    const variants = contentVariants(text, { suggestOpenUrl: this.config.RBM_SUGGEST_OPEN_URL });
    const lastAttempt = attempt > this.config.BUS_RETRY_DELAYS_MS.length;
    try {
      const rich = leg.plainOnly ? undefined : variants.rich;
      let variant: Variant = rich ? 'rich' : 'plain';
      let [current, verdict] = await this.call(command.recipient, leg, hubs, rich ?? variants.plain, expiry, variant);
      if (verdict.kind === 'unsupported' && variant === 'rich') {
        // The device lacks a feature: the same words as plain text (same messageId: RBM stored nothing).
        current = await this.legs.update(current, { plainOnly: true });
        variant = 'plain';
        [current, verdict] = await this.call(command.recipient, current, hubs, variants.plain, expiry, variant);
      }
      await this.report(current, verdict, lastAttempt);
    } catch (error) {
      if (error instanceof HubCircuitOpenException) {
        // Not sent: routing fails over now instead of waiting for the retry tiers.
        this.metrics.sends.inc({ verdict: CIRCUIT_OPEN, variant: 'none' });
        return this.outcomes.fail(leg, FailureClass.CIRCUIT_OPEN, CIRCUIT_OPEN);
      }
      if (!(error instanceof RbmThrottledException)) throw error;
      await this.giveUpOrRetry(leg, error, lastAttempt);
    }
  }

  /** One call on the first of `hubs` whose breaker allows it; the leg comes back pinned to that hub. */
  private async call(phone: string, leg: LegRecord, hubs: readonly RbmHub[], content: AgentContent, expiry: { ttl?: string }, variant: Variant): Promise<[LegRecord, RbmVerdict]> {
    return this.throttle.run(async () => {
      // Asked once the call holds its slot, so a throttled wait never holds a half-open probe.
      const chosen = this.circuit.acquire(hubs);
      if (!chosen) throw new HubCircuitOpenException(hubs.map((hub) => hub.pathId).join(','));
      const { hub, permit } = chosen;
      let pinned = leg;
      const stop = this.metrics.sendSeconds.startTimer();
      let verdict: RbmVerdict;
      try {
        // Pinned before the call: an attempt that dies after it must not try another hub later.
        if (leg.hubId !== hub.id) pinned = await this.legs.update(leg, { hubId: hub.id });
        verdict = await this.client.send(hub, { phone, messageId: leg.rbmMessageId, content, expiry });
      } catch (error) {
        permit.release(); // a bug of ours, not an answer of the hub
        throw error;
      }
      stop({ verdict: verdict.kind });
      const health = sendPathHealth(verdict);
      if (health === 'unhealthy') permit.failure();
      else if (health === 'healthy') permit.success();
      else permit.release();
      this.metrics.sends.inc({ verdict: verdict.kind, variant });
      return [pinned, verdict];
    });
  }

  private async report(leg: LegRecord, verdict: RbmVerdict, lastAttempt: boolean): Promise<void> {
    switch (verdict.kind) {
      case 'accepted':
        return this.outcomes.publish(leg, DeliveryStatus.SUBMITTED);
      case 'unreachable':
        return this.outcomes.publish(leg, DeliveryStatus.UNREACHABLE, verdict.reason);
      case 'unsupported':
        return this.outcomes.publish(leg, DeliveryStatus.UNREACHABLE, UNSUPPORTED_FEATURE);
      case 'rejected':
        this.logger.warn({ rbmMessageId: leg.rbmMessageId, reason: verdict.reason }, 'RBM rejected a send');
        return this.outcomes.fail(leg, FailureClass.NOT_DELIVERED, verdict.reason);
      case 'retriable':
        if (verdict.retryAfterMs !== undefined) this.throttle.coolDown(verdict.retryAfterMs);
        return this.giveUpOrRetry(leg, new RbmUnavailableException(verdict.reason, verdict.retryAfterMs), lastAttempt);
    }
  }

  /** Rethrows for the bus to retry, or, with no retry tier left, reports FAILED so routing can act. */
  private async giveUpOrRetry(leg: LegRecord, error: RbmUnavailableException | RbmThrottledException, lastAttempt: boolean): Promise<void> {
    const reason = error instanceof RbmUnavailableException ? error.reason : error.code;
    if (!lastAttempt) {
      this.metrics.retries.inc({ reason });
      throw error;
    }
    this.logger.warn({ rbmMessageId: leg.rbmMessageId, reason }, 'RBM send retries used up');
    await this.outcomes.fail(leg, FailureClass.NOT_DELIVERED, `retries_exhausted_${reason}`);
  }
}
