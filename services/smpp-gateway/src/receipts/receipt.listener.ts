import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Span } from '@opentelemetry/api';
import { EventPublisher, type EventSink } from '@switchback/bus';
import { Channel, create, DeliveryOutcomeSchema, DeliveryStatus, FailureClass } from '@switchback/contracts';
import { KeyedHasher } from '@switchback/crypto';
import { withResumedSpan } from '@switchback/telemetry';
import type { Pdu } from 'smpp';
import { SmppClient } from '../smpp/smpp-client';
import { SmppMetrics } from '../smpp/smpp.metrics';
import { tracedDeliverSm, type DeliverSmSource } from '../smpp/smpp-spans';
import { parseDeliveryReceipt, type DeliveryReceipt, type ReceiptClass } from './delivery-receipt';
import { LegStore, type PartMatch, type PartRef, type ReceiptVerdict } from './leg-store';

type FinalVerdict = Extract<ReceiptVerdict, { kind: 'final' }>;

const STATUS: Readonly<Record<ReceiptClass, DeliveryStatus>> = { delivered: DeliveryStatus.DELIVERED, failed: DeliveryStatus.FAILED, expired: DeliveryStatus.EXPIRED };
/** Asks the SMSC to redeliver later (temporary application error). */
const ESME_RX_T_APPN = 0x64;
const ESME_ROK = 0;
/** A receipt can overtake the Redis write of its submit_sm_resp: look again briefly. */
const LOOKUP_RETRIES_MS = [100, 400, 1_000];

/**
 * Turns delivery receipts (deliver_sm or data_sm, esm_class 0x04) into one deliveryOutcome per
 * leg. The _resp goes out only once the receipt is recorded, so a crash or a Redis outage makes
 * the SMSC send it again rather than lose it.
 */
@Injectable()
export class ReceiptListener implements OnModuleInit {
  private readonly logger = new Logger('ReceiptListener');

  constructor(
    private readonly smpp: SmppClient,
    private readonly legs: LegStore,
    @Inject(EventPublisher) private readonly publisher: EventSink,
    private readonly hasher: KeyedHasher,
    private readonly metrics: SmppMetrics,
  ) {}

  onModuleInit(): void {
    this.smpp.onDeliverSm((pdu, ack, source) => {
      void tracedDeliverSm(
        source,
        (span) =>
          this.handle(pdu, span, source).then(
            () => ESME_ROK,
            (error: unknown) => {
              this.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'receipt not processed; asking the SMSC to resend');
              return ESME_RX_T_APPN;
            },
          ),
        pdu.command === 'data_sm' ? 'data_sm' : 'deliver_sm',
      ).then((status) => ack(status));
    });
  }

  /** `span` is the deliver_sm's: it gets the receipt's stat and what became of it (no number, no text). */
  async handle(pdu: Pdu, span?: Span, source?: DeliverSmSource): Promise<void> {
    const receipt = parseDeliveryReceipt(pdu);
    if (!receipt) return; // a mobile-originated message or an unreadable receipt: nothing to correlate
    span?.setAttribute('smpp.receipt.stat', receipt.stat);
    if (!receipt.outcome) return void this.metrics.receipt(receipt.stat); // ENROUTE and such
    const match = await this.find(receipt);
    const connector = source?.connector ?? 'unknown';
    // Which id matched, never the id itself, a number or the text.
    this.metrics.receiptCorrelated(connector, match?.path ?? 'none');
    span?.setAttribute('smpp.receipt.correlation', match?.path ?? 'none');
    if (!match) {
      this.metrics.receipt('unknown_id');
      return void this.logger.warn({ connector, command: pdu.command, candidates: receipt.candidates.map((c) => c.source) }, 'receipt for an unknown SMSC message id');
    }
    this.logger.debug({ connector, command: pdu.command, path: match.path }, 'receipt correlated');
    const { ref } = match;
    const verdict = await this.legs.applyReceipt(ref, receipt.outcome, receipt.stat);
    span?.setAttribute('smpp.receipt.verdict', verdict.kind);
    this.metrics.receipt(verdict.kind === 'duplicate' ? 'duplicate' : receipt.stat);
    if (verdict.kind !== 'final') return;
    const { meta } = verdict;
    const status = STATUS[verdict.outcome];
    // The outcome joins the trace of the leg's submit; this deliver_sm's span is linked from it.
    const attributes = { 'sb.message_id': meta.messageId, 'sb.leg': meta.leg, 'sb.channel': 'sms', 'sb.receipt.type': verdict.stat, 'sb.delivery_status': (DeliveryStatus[status] ?? 'unknown').toLowerCase() };
    await withResumedSpan('sms delivery receipt', meta.trace, attributes, () => this.emit(ref, verdict, receipt));
  }

  private async emit(ref: PartRef, verdict: FinalVerdict, receipt: DeliveryReceipt): Promise<void> {
    const { meta } = verdict;
    const outcome = create(DeliveryOutcomeSchema, {
      messageId: meta.messageId,
      tenantId: meta.tenantId,
      recipientHash: meta.recipientHash,
      channel: Channel.SMS,
      leg: meta.leg,
      status: STATUS[verdict.outcome],
      carrierMessageId: verdict.carrierMessageId,
      reason: receipt.error && verdict.outcome !== 'delivered' ? `${verdict.stat} err:${receipt.error}` : verdict.stat,
      // The SMSC's own word that the SMS did not reach the handset (UNDELIV, REJECTD...).
      failureClass: verdict.outcome === 'failed' ? FailureClass.NOT_DELIVERED : FailureClass.UNSPECIFIED,
      requestedAtMs: BigInt(meta.requestedAtMs),
      occurredAtMs: BigInt(Date.now()),
    });
    await this.publisher.publish('deliveryOutcome', outcome, { key: meta.recipientHash, messageId: meta.messageId });
    await this.legs.markEmitted(ref);
  }

  private async find(receipt: DeliveryReceipt): Promise<PartMatch | undefined> {
    const recipientHash = receipt.recipient ? this.hasher.hash(receipt.recipient.startsWith('+') ? receipt.recipient : `+${receipt.recipient}`) : undefined;
    let match = await this.legs.findPart(receipt.candidates, recipientHash);
    for (const waitMs of LOOKUP_RETRIES_MS) {
      if (match) break;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      match = await this.legs.findPart(receipt.candidates, recipientHash);
    }
    return match;
  }
}
