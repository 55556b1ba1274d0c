import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventPublisher, type EventSink } from '@switchback/bus';
import { Channel, create, DeliveryOutcomeSchema, DeliveryStatus, FailureClass, type DispatchCommand } from '@switchback/contracts';
import { KeyedHasher } from '@switchback/crypto';
import { errorCode, PermanentException } from '@switchback/errors';
import { CONFIG } from '@switchback/runtime';
import { captureTraceContext } from '@switchback/telemetry';
import type { SmppGatewayConfig } from '../config/smpp-gateway.config';
import { planSubmit, type SubmitPlan } from '../encoding/submit-plan';
import { LegStore } from '../receipts/leg-store';
import { SmscCircuitOpenException, SubmitInProgressException, SubmitUnconfirmedException } from '../smpp/smpp.exception';
import { SmppMetrics } from '../smpp/smpp.metrics';
import { LegSubmitter } from './leg-submitter';
import { SubmitIntentStore, type OwnIntent } from './submit-intent.store';

/** FAILED reasons routing must know: fail over on circuit_open; never on submit_in_doubt. */
export const CIRCUIT_OPEN = 'circuit_open';
export const SUBMIT_IN_DOUBT = 'submit_in_doubt';

/** Reports the leg FAILED, classified for routing's failover rule (the reason is free text). */
type Fail = (failureClass: Exclude<FailureClass, FailureClass.UNSPECIFIED>, reason: string) => Promise<void>;

/**
 * One SMS leg, at most once at the SMSC: plan the parts (refusing, never truncating, past
 * SMPP_MAX_PARTS), claim the leg's submit intent, submit on a connector whose circuit lets us,
 * and report. A redelivered dispatch reads the intent instead of submitting: SUBMITTED again
 * (same SMSC id) once submitted; FAILED submit_in_doubt when an attempt died or lost its
 * answer mid-submit; a bus retry later while another attempt is still submitting.
 */
@Injectable()
export class SmsDispatcher {
  private readonly logger = new Logger('SmsDispatcher');

  constructor(
    private readonly submitter: LegSubmitter,
    private readonly legs: LegStore,
    private readonly intents: SubmitIntentStore,
    @Inject(EventPublisher) private readonly publisher: EventSink,
    private readonly hasher: KeyedHasher,
    private readonly metrics: SmppMetrics,
    @Inject(CONFIG) private readonly config: SmppGatewayConfig,
  ) {}

  /** `attempt`: 1 on first delivery of the command, +1 per bus retry tier. */
  async dispatch(command: DispatchCommand, attempt = 1): Promise<void> {
    const recipientHash = this.hasher.hash(command.recipient);
    const report = (status: DeliveryStatus, reason: string, carrierMessageId = '') => this.report(command, recipientHash, status, carrierMessageId, reason, FailureClass.UNSPECIFIED);
    const fail: Fail = (failureClass, reason) => this.report(command, recipientHash, DeliveryStatus.FAILED, '', reason, failureClass);
    let plan: SubmitPlan;
    try {
      plan = planSubmit({ text: command.content?.text ?? '', referenceSeed: `${command.messageId}/${command.leg}`, concatenation: this.config.SMPP_CONCATENATION, maxParts: this.config.SMPP_MAX_PARTS });
    } catch (error) {
      if (!(error instanceof PermanentException)) throw error;
      return fail(FailureClass.NOT_DELIVERED, error.code);
    }
    // Younger than a response timeout: the other attempt may still get its answer.
    const claim = await this.intents.claim(command.messageId, command.leg, Date.now(), this.config.SMPP_RESPONSE_TIMEOUT_MS);
    switch (claim.kind) {
      case 'submitted':
        return report(DeliveryStatus.SUBMITTED, '', claim.firstId);
      case 'refused':
        return fail(FailureClass.NOT_DELIVERED, claim.reason);
      case 'in_doubt': {
        // The attempt may have died after the last part's response was recorded: then it is known.
        const done = await this.legs.submittedParts(command.messageId, command.leg);
        if (plan.parts.every((part) => done.has(part.sequence))) return report(DeliveryStatus.SUBMITTED, '', done.get(1) ?? '');
        if (claim.fresh) {
          this.metrics.inDoubt('instance_lost');
          this.logger.warn({ messageId: command.messageId, leg: command.leg }, 'an earlier attempt died mid-submit; not resubmitting');
        }
        return fail(FailureClass.IN_DOUBT, SUBMIT_IN_DOUBT);
      }
      case 'busy':
        throw new SubmitInProgressException(); // the live attempt reports; never FAILED from here
    }
    await this.legs.begin({ messageId: command.messageId, tenantId: command.tenantId, recipientHash, leg: command.leg, requestedAtMs: String(command.requestedAtMs), parts: plan.parts.length, trace: captureTraceContext() });
    let ids: string[];
    try {
      ids = await this.submitter.submit(command, plan, recipientHash, claim.intent);
    } catch (error) {
      return this.onSubmitError(error, claim.intent, attempt, fail);
    }
    await this.intents.submitted(claim.intent, ids);
    await report(DeliveryStatus.SUBMITTED, '', ids[0] ?? '');
  }

  private async onSubmitError(error: unknown, intent: OwnIntent, attempt: number, fail: Fail): Promise<void> {
    const where = { messageId: intent.messageId, leg: intent.leg };
    if (error instanceof SubmitUnconfirmedException && this.config.SMPP_IN_DOUBT_POLICY === 'fail') {
      // At most once: the SMSC may have the part; a resubmit could send the SMS twice.
      await this.intents.inDoubt(intent, Date.now());
      this.metrics.inDoubt(error.kind);
      this.logger.warn({ ...where, kind: error.kind }, 'submit_sm unconfirmed; leg in doubt, not resubmitting');
      return fail(FailureClass.IN_DOUBT, SUBMIT_IN_DOUBT);
    }
    if (error instanceof PermanentException) {
      await this.intents.refused(intent, error.code);
      this.logger.warn({ ...where, code: error.code }, 'SMS leg refused');
      return fail(FailureClass.NOT_DELIVERED, error.code);
    }
    // Nothing unconfirmed went out: give the claim back so a later attempt may submit.
    await this.intents.release(intent);
    if (error instanceof SmscCircuitOpenException) {
      this.metrics.submitted(CIRCUIT_OPEN);
      return fail(FailureClass.CIRCUIT_OPEN, CIRCUIT_OPEN);
    }
    // The last bus attempt: tell routing the leg failed (it may fall back) before the command
    // goes to the dead-letter topic, where it can still be redriven.
    if (attempt > this.config.BUS_RETRY_DELAYS_MS.length) await fail(FailureClass.NOT_DELIVERED, `RETRIES_EXHAUSTED ${errorCode(error)}`);
    throw error;
  }

  private async report(command: DispatchCommand, recipientHash: string, status: DeliveryStatus, carrierMessageId: string, reason: string, failureClass: FailureClass): Promise<void> {
    const outcome = create(DeliveryOutcomeSchema, {
      messageId: command.messageId,
      tenantId: command.tenantId,
      recipientHash,
      channel: Channel.SMS,
      leg: command.leg,
      status,
      carrierMessageId,
      reason,
      failureClass,
      requestedAtMs: command.requestedAtMs,
      occurredAtMs: BigInt(Date.now()),
    });
    await this.publisher.publish('deliveryOutcome', outcome, { key: recipientHash, messageId: command.messageId });
  }
}
