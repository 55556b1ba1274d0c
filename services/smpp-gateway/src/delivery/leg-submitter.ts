import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { CHANNEL_BREAKERS, CONNECTOR_RANDOM, failoverOrder, type BreakerPermit, type ChannelBreakers } from '@switchback/circuit';
import type { DispatchCommand } from '@switchback/contracts';
import { PermanentException } from '@switchback/errors';
import { CONFIG } from '@switchback/runtime';
import type { SmppGatewayConfig } from '../config/smpp-gateway.config';
import { relativeValidity, type PlannedPart, type SubmitPlan } from '../encoding/submit-plan';
import { LegStore, type LegMeta } from '../receipts/leg-store';
import { isPathFailure, statusName } from '../smpp/command-status';
import { SmppClient, type BindLease } from '../smpp/smpp-client';
import { GenericNackException, NoConnectorInRegionException, SmscCircuitOpenException, SmscUnavailableException, submitFailure, SubmitDeferredException, SubmitRejectedException } from '../smpp/smpp.exception';
import { SmppMetrics } from '../smpp/smpp.metrics';
import { tracedSubmitSm } from '../smpp/smpp-spans';
import { SubmitIntentStore, type OwnIntent } from './submit-intent.store';

const REGISTERED_DELIVERY_FINAL = 0x01;
const TON_INTERNATIONAL = 1;
const NPI_ISDN = 1;

/** A connector chosen for one leg: its breaker permit and a bind lease on it. */
interface Route {
  readonly pathId: string;
  readonly permit: BreakerPermit;
  lease: BindLease;
}

/**
 * Submits the parts of one claimed leg on one connector, resuming after parts the SMSC already
 * accepted on an earlier attempt, and keeps the leg's intent alive while it works. Connectors:
 * only those of the regions stamped on the leg (tenant residency; never another, even when all
 * of them are open), by priority, weighted within one priority; the first whose breaker allows
 * a call and that has a bind up is used, and its breaker learns whether the path worked. Once
 * a part went out, the leg is pinned to that connector: a multipart SMS is reassembled by the
 * handset only from parts of one SMSC. Returns the SMSC ids of all parts, in order.
 */
@Injectable()
export class LegSubmitter {
  private readonly logger = new Logger('LegSubmitter');

  constructor(
    private readonly smpp: SmppClient,
    private readonly legs: LegStore,
    private readonly intents: SubmitIntentStore,
    private readonly metrics: SmppMetrics,
    @Inject(CONFIG) private readonly config: SmppGatewayConfig,
    @Inject(CHANNEL_BREAKERS) private readonly breakers: ChannelBreakers,
    @Optional() @Inject(CONNECTOR_RANDOM) private readonly random: () => number = Math.random,
  ) {}

  async submit(command: DispatchCommand, plan: SubmitPlan, recipientHash: string, intent: OwnIntent): Promise<string[]> {
    const meta: LegMeta = { messageId: command.messageId, tenantId: command.tenantId, recipientHash, leg: command.leg, requestedAtMs: String(command.requestedAtMs), parts: plan.parts.length };
    const done = await this.legs.submittedParts(command.messageId, command.leg);
    const ids = () => plan.parts.map((part) => done.get(part.sequence) ?? '');
    if (plan.parts.every((part) => done.has(part.sequence))) return ids();
    const pinned = done.size > 0 ? await this.legs.connectorOf(command.messageId, command.leg) : undefined;
    const route = this.route(command.connectorRegions, pinned);
    const common = {
      source_addr: this.config.SMPP_SOURCE_ADDR,
      source_addr_ton: this.config.SMPP_SOURCE_TON,
      source_addr_npi: this.config.SMPP_SOURCE_NPI,
      destination_addr: command.recipient.replace(/^\+/, ''),
      dest_addr_ton: TON_INTERNATIONAL,
      dest_addr_npi: NPI_ISDN,
      registered_delivery: REGISTERED_DELIVERY_FINAL,
      validity_period: relativeValidity(command.ttlSeconds),
    };
    const heartbeat = setInterval(() => void this.intents.heartbeat(intent, Date.now()).catch(() => undefined), Math.max(50, Math.floor(this.config.SMPP_RESPONSE_TIMEOUT_MS / 3)));
    try {
      for (const part of plan.parts) {
        if (done.has(part.sequence)) continue;
        const id = await this.submitPart(route, { ...common, ...part.fields }, part, plan.parts.length);
        await this.legs.recordPart(meta, part.sequence, id, route.pathId);
        done.set(part.sequence, id);
      }
    } catch (error) {
      this.judge(route.permit, error);
      throw error;
    } finally {
      clearInterval(heartbeat);
    }
    route.permit.success();
    return ids();
  }

  /** The first allowed connector whose breaker allows a call and that has a bind up. */
  private route(regions: readonly string[], pinned: string | undefined): Route {
    const allowed = failoverOrder(this.smpp.configured, regions, this.random);
    if (allowed.length === 0) throw new NoConnectorInRegionException(regions);
    // Parts already went out through `pinned` (a leg recorded before pinning existed: any connector).
    const order = pinned === undefined ? allowed : allowed.filter((c) => c.pathId === pinned);
    let unavailable: SmscUnavailableException | undefined;
    for (const { pathId } of order) {
      const permit = this.breakers.acquire(pathId);
      if (!permit) continue;
      try {
        return { pathId, permit, lease: this.smpp.lease(pathId) };
      } catch (error) {
        if (!(error instanceof SmscUnavailableException)) throw error;
        permit.failure(); // no bind up: the connector is down
        unavailable = error;
      }
    }
    throw unavailable ?? new SmscCircuitOpenException();
  }

  /** What a failed leg says about its connector. */
  private judge(permit: BreakerPermit, error: unknown): void {
    if (error instanceof SmscUnavailableException) permit.failure(); // no answer, no bind, lost connection
    else if (error instanceof SubmitDeferredException && isPathFailure(error.commandStatus)) permit.failure(); // throttled/system error storm
    else if (error instanceof SubmitRejectedException) permit.success(); // the SMSC answered about this message
    else permit.release();
  }

  /** One part, retried here a few times while the SMSC says "busy" before the bus takes over. */
  private async submitPart(route: Route, fields: Record<string, unknown>, part: PlannedPart, parts: number): Promise<string> {
    for (let attempt = 0; ; attempt += 1) {
      let response;
      const lease = route.lease;
      const traced = { connector: route.pathId, bind: lease.name, part: part.sequence, parts, dataCoding: Number(fields['data_coding'] ?? 0) };
      try {
        response = await tracedSubmitSm(traced, () => lease.submit(fields));
      } catch (error) {
        this.metrics.submitted(error instanceof GenericNackException ? 'generic_nack' : error instanceof PermanentException ? 'refused_locally' : 'no_response');
        throw error;
      }
      this.metrics.submitted(statusName(response.command_status));
      if (response.command_status === 0) return String(response['message_id'] ?? '');
      const failure = submitFailure(response.command_status);
      if (!(failure instanceof SubmitDeferredException) || attempt >= this.config.SMPP_LOCAL_RETRIES) throw failure;
      this.logger.debug({ part: part.sequence, status: failure.code, attempt: attempt + 1 }, 'SMSC busy; retrying the part');
      await new Promise((resolve) => setTimeout(resolve, this.config.SMPP_LOCAL_RETRY_MS * (attempt + 1)));
      route.lease = this.smpp.lease(route.pathId);
    }
  }
}
