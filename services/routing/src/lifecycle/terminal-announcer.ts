import { Inject, Injectable } from '@nestjs/common';
import { EventPublisher, type EventSink } from '@switchback/bus';
import { create, DeliveryStatus, MessageTerminalSchema } from '@switchback/contracts';
import { CLOCK, type Clock } from '@switchback/runtime';
import type { TerminalRow } from './lifecycle-rows';
import { LifecycleRepository } from './lifecycle.repository';

/** The bus message id of a message's terminal event: deterministic, so a repeat is a duplicate downstream. */
export const terminalEventId = (messageId: string): string => `terminal:${messageId}`;

const STATUS: Readonly<Record<string, DeliveryStatus>> = {
  delivered: DeliveryStatus.DELIVERED,
  read: DeliveryStatus.READ,
  failed: DeliveryStatus.FAILED,
  expired: DeliveryStatus.EXPIRED,
  revoked: DeliveryStatus.REVOKED,
};

export const statusOf = (name: string): DeliveryStatus => STATUS[name] ?? DeliveryStatus.FAILED;

/**
 * Publishes MessageTerminal for a terminal state already committed, then marks it announced.
 * A crash between the two republishes it (redelivered outcome or the sweeper) under the same
 * event id: at least once on the wire, once per message downstream.
 */
@Injectable()
export class TerminalAnnouncer {
  constructor(
    private readonly repository: LifecycleRepository,
    @Inject(EventPublisher) private readonly publisher: EventSink,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async announce(row: TerminalRow): Promise<void> {
    const event = create(MessageTerminalSchema, {
      messageId: row.messageId,
      tenantId: row.tenantId,
      recipientHash: row.recipientHash,
      status: statusOf(row.status),
      leg: row.leg,
      channel: row.channel,
      legsDispatched: row.legsDispatched,
      reason: row.reason,
      requestedAtMs: row.requestedAtMs,
      occurredAtMs: BigInt(row.terminalAt.getTime()),
    });
    await this.publisher.publish('messageTerminal', event, { key: row.recipientHash, messageId: terminalEventId(row.messageId) });
    await this.repository.markAnnounced(row.messageId, new Date(this.clock.now()));
  }
}
