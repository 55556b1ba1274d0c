import type { SmscBehaviour } from '../behaviour/smsc-behaviour';
import type { SimLogger } from '@switchback/simulator-support';
import type { MutableSmscStats } from '../smsc-stats';

/** A bound session that may get deliver_sm (transceiver or receiver). */
export interface ReceiptSink {
  readonly systemId: string | null;
  canReceive(): boolean;
  deliverSm(fields: Record<string, unknown>, onAcknowledged: () => void): void;
}

export interface ReceiptRequest {
  readonly messageId: string;
  /** The session that submitted; receipts go back to it while it can take them. */
  readonly origin: ReceiptSink;
  readonly systemId: string;
  /** Built when sent, so `done date` is the delivery time. */
  readonly build: () => Record<string, unknown>;
}

/**
 * Sends delivery receipts after the configured delay: to the submitting session if it can
 * receive, else to another receiver bound with the same system_id, else held until one binds
 * (as SMSCs do for transmitter + receiver pairs and reconnecting ESMEs).
 */
export class ReceiptDispatcher {
  private readonly sinks = new Set<ReceiptSink>();
  private readonly held: ReceiptRequest[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly behaviour: SmscBehaviour,
    private readonly stats: MutableSmscStats,
    private readonly log: SimLogger,
  ) {}

  schedule(receipt: ReceiptRequest): void {
    const { behaviour } = this;
    const dropNext = behaviour.dropNextReceipts > 0;
    if (dropNext) behaviour.dropNextReceipts -= 1;
    if (behaviour.dropReceipts || dropNext || behaviour.receiptDelayMs === null) {
      this.stats.receiptsDropped += 1;
      this.log({ event: 'receipt.dropped', messageId: receipt.messageId });
      return;
    }
    const copies = behaviour.duplicateReceipts ? 2 : 1;
    for (let copy = 0; copy < copies; copy += 1) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.route(receipt);
      }, behaviour.receiptDelayMs);
      this.timers.add(timer);
    }
  }

  sinkBound(sink: ReceiptSink): void {
    this.sinks.add(sink);
    if (!sink.canReceive()) return;
    const ready = this.held.filter((r) => r.systemId === sink.systemId);
    ready.forEach((r) => this.held.splice(this.held.indexOf(r), 1));
    ready.forEach((r) => this.send(sink, r));
  }

  sinkClosed(sink: ReceiptSink): void {
    this.sinks.delete(sink);
  }

  /** Receipts waiting for a receiver to bind. */
  heldCount(): number {
    return this.held.length;
  }

  close(): void {
    this.timers.forEach((timer) => clearTimeout(timer));
    this.timers.clear();
  }

  private route(receipt: ReceiptRequest): void {
    const target = receipt.origin.canReceive() ? receipt.origin : [...this.sinks].find((s) => s.canReceive() && s.systemId === receipt.systemId);
    if (!target) {
      this.held.push(receipt);
      this.log({ event: 'receipt.held', messageId: receipt.messageId });
      return;
    }
    this.send(target, receipt);
  }

  private send(target: ReceiptSink, receipt: ReceiptRequest): void {
    target.deliverSm(receipt.build(), () => {
      this.stats.receiptsAcknowledged += 1;
    });
    this.stats.receiptsSent += 1;
    this.log({ event: 'receipt.sent', messageId: receipt.messageId });
  }
}
