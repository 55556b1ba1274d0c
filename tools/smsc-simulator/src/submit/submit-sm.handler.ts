import type { Pdu } from 'smpp';
import type { SmscBehaviour } from '../behaviour/smsc-behaviour';
import { deliveryReceiptFields } from '../receipts/delivery-receipt.builder';
import type { ReceiptDispatcher, ReceiptSink } from '../receipts/receipt.dispatcher';
import { SmppStatus, statusHex } from '../smpp-status';
import type { ResolvedSmscOptions } from '../smsc-options';
import type { MutableSmscStats } from '../smsc-stats';
import { ConcatenationAssembler } from './concatenation.assembler';
import { MessageIdGenerator } from './message-id.generator';
import type { SmscMessageStore } from './smsc-message.store';
import { decodeSubmitSm, SubmitRejectedError, type DecodedSubmit } from './submit-sm.decoder';
import { ThrottleWindow } from './throttle.window';

export interface SubmitOutcome {
  readonly status: number;
  /** Set when accepted: goes into submit_sm_resp. */
  readonly messageId?: string;
}

/** registered_delivery bit 0: a receipt for the final outcome, success included. */
const RECEIPT_ON_SUCCESS = 0x01;

const stripPlus = (address: string): string => address.replace(/^\+/, '');

/** The SMSC's core: script, throttle, validate, number, record, reassemble and schedule the receipt. */
export class SubmitSmHandler {
  private readonly ids: MessageIdGenerator;
  private throttle: ThrottleWindow | null = null;
  private throttleLimit: number | null = null;
  readonly assembler = new ConcatenationAssembler();

  constructor(
    private readonly options: ResolvedSmscOptions,
    private readonly behaviour: SmscBehaviour,
    private readonly stats: MutableSmscStats,
    private readonly store: SmscMessageStore,
    private readonly receipts: ReceiptDispatcher,
  ) {
    this.ids = new MessageIdGenerator(() => behaviour.messageIdFormat);
  }

  handle(pdu: Pdu, origin: ReceiptSink, systemId: string): SubmitOutcome {
    const scripted = this.behaviour.scriptedStatuses.shift();
    if (scripted) {
      this.stats.scripted += 1;
      this.options.log({ event: 'submit_sm.scripted', status: statusHex(scripted) });
      return { status: scripted };
    }
    const throttle = this.currentThrottle();
    if (throttle && !throttle.tryAcquire()) {
      this.stats.throttled += 1;
      this.options.log({ event: 'submit_sm.throttled' });
      return { status: SmppStatus.ESME_RTHROTTLED };
    }
    let part: DecodedSubmit;
    try {
      part = decodeSubmitSm(pdu);
    } catch (error) {
      if (!(error instanceof SubmitRejectedError)) throw error;
      return this.reject(error.status, error.message);
    }
    const rule = this.options.rejectPrefixes.find((r) => stripPlus(part.destination).startsWith(stripPlus(r.prefix)));
    if (rule) return this.reject(rule.status, 'destination prefix rejected');

    const id = this.ids.allocate();
    const receivedAtMs = Date.now();
    this.stats.submits += 1;
    this.options.log({
      event: 'submit_sm.accepted',
      messageId: id.inResponse,
      dataCoding: part.dataCoding,
      textLength: part.text.length,
      ...(part.concat ? { part: part.concat.sequence, parts: part.concat.total } : {}),
    });
    this.record(part, id.inResponse, receivedAtMs);
    if ((part.registeredDelivery & RECEIPT_ON_SUCCESS) !== 0) {
      const submittedAt = new Date(receivedAtMs);
      const stat = this.behaviour.receiptStat;
      this.receipts.schedule({ messageId: id.inResponse, origin, systemId, build: () => deliveryReceiptFields(part, id.inReceipt, submittedAt, new Date(), stat) });
    }
    return { status: SmppStatus.ESME_ROK, messageId: id.inResponse };
  }

  /** The throttle follows behaviour.throttleAfterPerSecond, which may change at run time. */
  private currentThrottle(): ThrottleWindow | null {
    const limit = this.behaviour.throttleAfterPerSecond;
    if (limit !== this.throttleLimit) {
      this.throttleLimit = limit;
      this.throttle = limit === null ? null : new ThrottleWindow(limit);
    }
    return this.throttle;
  }

  private reject(status: number, reason: string): SubmitOutcome {
    this.stats.rejected += 1;
    this.options.log({ event: 'submit_sm.rejected', status: statusHex(status), reason });
    return { status };
  }

  private record(part: DecodedSubmit, id: string, receivedAtMs: number): void {
    const whole = part.concat
      ? this.assembler.add(part.source, part.destination, part.concat, { id, text: part.text, receivedAtMs })
      : { ids: [id], text: part.text, firstReceivedAtMs: receivedAtMs };
    if (!whole) return; // more parts to come
    this.stats.messages += 1;
    this.store.add({
      id: whole.ids[0] ?? id,
      partIds: whole.ids,
      source: part.source,
      destination: part.destination,
      dataCoding: part.dataCoding,
      text: whole.text,
      binary: part.binary,
      parts: whole.ids.length,
      registeredDelivery: part.registeredDelivery,
      receivedAt: new Date(whole.firstReceivedAtMs).toISOString(),
    });
  }
}
