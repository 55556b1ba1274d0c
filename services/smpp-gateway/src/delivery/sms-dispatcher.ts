import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventPublisher } from '@switchback/bus';
import { Channel, create, DeliveryOutcomeSchema, DeliveryStatus, type DispatchCommand } from '@switchback/contracts';
import { KeyedHasher } from '@switchback/crypto';
import { errorCode, PermanentException } from '@switchback/errors';
import { CONFIG } from '@switchback/runtime';
import type { SmppGatewayConfig } from '../config/smpp-gateway.config';
import { planSubmit, relativeValidity, type PlannedPart } from '../encoding/submit-plan';
import { LegStore, type LegMeta } from '../receipts/leg-store';
import { statusName } from '../smpp/command-status';
import { SmppClient, type BindLease } from '../smpp/smpp-client';
import { submitFailure, SubmitDeferredException } from '../smpp/smpp.exception';
import { SmppMetrics } from '../smpp/smpp.metrics';

const REGISTERED_DELIVERY_FINAL = 0x01;
const TON_INTERNATIONAL = 1;
const NPI_ISDN = 1;

/**
 * Submits one SMS leg: encode and split (refusing, never truncating, past SMPP_MAX_PARTS),
 * then each part on one bind, resuming after parts the SMSC already accepted on an earlier
 * attempt. Reports SUBMITTED, or FAILED for permanent refusals; retriable failures propagate
 * to the bus retry tiers.
 */
@Injectable()
export class SmsDispatcher {
  private readonly logger = new Logger('SmsDispatcher');

  constructor(
    private readonly smpp: SmppClient,
    private readonly legs: LegStore,
    private readonly publisher: EventPublisher,
    private readonly hasher: KeyedHasher,
    private readonly metrics: SmppMetrics,
    @Inject(CONFIG) private readonly config: SmppGatewayConfig,
  ) {}

  /** `attempt`: 1 on first delivery of the command, +1 per bus retry tier. */
  async dispatch(command: DispatchCommand, attempt = 1): Promise<void> {
    const recipientHash = this.hasher.hash(command.recipient);
    let firstId: string;
    try {
      firstId = await this.submitLeg(command, recipientHash);
    } catch (error) {
      if (!(error instanceof PermanentException)) {
        // The last bus attempt: tell routing the leg failed (it may fall back) before the
        // command goes to the dead-letter topic, where it can still be redriven.
        if (attempt > this.config.BUS_RETRY_DELAYS_MS.length) await this.report(command, recipientHash, DeliveryStatus.FAILED, '', `RETRIES_EXHAUSTED ${errorCode(error)}`);
        throw error;
      }
      this.logger.warn({ messageId: command.messageId, leg: command.leg, code: error.code }, 'SMS leg refused');
      return this.report(command, recipientHash, DeliveryStatus.FAILED, '', error.code);
    }
    await this.report(command, recipientHash, DeliveryStatus.SUBMITTED, firstId, '');
  }

  private async submitLeg(command: DispatchCommand, recipientHash: string): Promise<string> {
    const plan = planSubmit({ text: command.content?.text ?? '', referenceSeed: `${command.messageId}/${command.leg}`, concatenation: this.config.SMPP_CONCATENATION, maxParts: this.config.SMPP_MAX_PARTS });
    const meta: LegMeta = { messageId: command.messageId, tenantId: command.tenantId, recipientHash, leg: command.leg, requestedAtMs: String(command.requestedAtMs), parts: plan.parts.length };
    await this.legs.begin(meta);
    const done = await this.legs.submittedParts(command.messageId, command.leg);
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
    let lease = this.smpp.lease();
    for (const part of plan.parts) {
      if (done.has(part.sequence)) continue;
      const id = await this.submitPart(() => lease, (next) => (lease = next), { ...common, ...part.fields }, part);
      await this.legs.recordPart(meta, part.sequence, id);
      done.set(part.sequence, id);
    }
    return done.get(1) ?? '';
  }

  /** One part, retried here a few times while the SMSC says "busy" before the bus takes over. */
  private async submitPart(current: () => BindLease, replace: (lease: BindLease) => void, fields: Record<string, unknown>, part: PlannedPart): Promise<string> {
    for (let attempt = 0; ; attempt += 1) {
      let response;
      try {
        response = await current().submit(fields);
      } catch (error) {
        this.metrics.submitted(error instanceof PermanentException ? 'refused_locally' : 'no_response');
        throw error;
      }
      this.metrics.submitted(statusName(response.command_status));
      if (response.command_status === 0) return String(response['message_id'] ?? '');
      const failure = submitFailure(response.command_status);
      if (!(failure instanceof SubmitDeferredException) || attempt >= this.config.SMPP_LOCAL_RETRIES) throw failure;
      this.logger.debug({ part: part.sequence, status: failure.code, attempt: attempt + 1 }, 'SMSC busy; retrying the part');
      await new Promise((resolve) => setTimeout(resolve, this.config.SMPP_LOCAL_RETRY_MS * (attempt + 1)));
      replace(this.smpp.lease());
    }
  }

  private async report(command: DispatchCommand, recipientHash: string, status: DeliveryStatus, carrierMessageId: string, reason: string): Promise<void> {
    const outcome = create(DeliveryOutcomeSchema, {
      messageId: command.messageId,
      tenantId: command.tenantId,
      recipientHash,
      channel: Channel.SMS,
      leg: command.leg,
      status,
      carrierMessageId,
      reason,
      requestedAtMs: command.requestedAtMs,
      occurredAtMs: BigInt(Date.now()),
    });
    await this.publisher.publish('deliveryOutcome', outcome, { key: recipientHash, messageId: command.messageId });
  }
}
