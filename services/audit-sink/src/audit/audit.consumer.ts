import { Injectable } from '@nestjs/common';
import { OnEvent, type EventContext } from '@switchback/bus';
import { ActionTaken, Channel, DeliveryStatus, FallbackReason, type DeliveryOutcome, type RoutingDecision } from '@switchback/contracts';
import { AuditLog } from './audit-log';

const name = (enumObject: Record<number, string>, value: number): string => (enumObject[value] ?? 'UNSPECIFIED').toLowerCase();

/** Writes routing decisions and delivery outcomes to the audit log (metadata only). */
@Injectable()
export class AuditConsumer {
  constructor(private readonly audit: AuditLog) {}

  @OnEvent('routingDecision')
  async decision(event: RoutingDecision, _context: EventContext): Promise<void> {
    await this.audit.append({
      // A message can have several decisions (a block, then its override or expiry).
      eventKey: `decision:${event.messageId}:${event.tenantId}:${event.actionTaken}`,
      eventType: 'routing_decision',
      messageId: event.messageId,
      tenantId: event.tenantId,
      recipientHash: event.recipientHash,
      channel: name(Channel, event.channel),
      outcome: name(ActionTaken, event.actionTaken),
      fallbackReason: name(FallbackReason, event.fallbackReason),
      occurredAt: new Date(Number(event.decidedAtMs)),
    });
  }

  @OnEvent('deliveryOutcome')
  async outcome(event: DeliveryOutcome, _context: EventContext): Promise<void> {
    await this.audit.append({
      eventKey: `outcome:${event.messageId}:${event.tenantId}:${event.leg}:${event.status}`,
      eventType: 'delivery_outcome',
      messageId: event.messageId,
      tenantId: event.tenantId,
      recipientHash: event.recipientHash,
      channel: name(Channel, event.channel),
      outcome: name(DeliveryStatus, event.status),
      fallbackReason: null,
      occurredAt: new Date(Number(event.occurredAtMs)),
    });
  }
}
