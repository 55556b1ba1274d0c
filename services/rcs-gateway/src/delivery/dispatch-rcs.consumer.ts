import { Injectable } from '@nestjs/common';
import { EventPublisher, OnEvent, type EventContext } from '@switchback/bus';
import { Channel, create, DeliveryOutcomeSchema, DeliveryStatus, type DispatchCommand } from '@switchback/contracts';
import { KeyedHasher } from '@switchback/crypto';
import { RbmAgentClient } from '../rbm/rbm-agent.client';
import { LegStore } from './leg-store';

/** Sends an RCS leg to the hub and reports SUBMITTED, or UNREACHABLE so routing can fall back. */
@Injectable()
export class DispatchRcsConsumer {
  constructor(
    private readonly rbm: RbmAgentClient,
    private readonly legs: LegStore,
    private readonly publisher: EventPublisher,
    private readonly hasher: KeyedHasher,
  ) {}

  @OnEvent('dispatchRcs')
  async handle(command: DispatchCommand, _context: EventContext): Promise<void> {
    const recipientHash = this.hasher.hash(command.recipient);
    await this.legs.save({ messageId: command.messageId, tenantId: command.tenantId, recipientHash, leg: command.leg, requestedAtMs: String(command.requestedAtMs) });
    const result = await this.rbm.send(command.recipient, command.messageId, command.content?.text ?? '', command.ttlSeconds);
    const outcome = create(DeliveryOutcomeSchema, {
      messageId: command.messageId,
      tenantId: command.tenantId,
      recipientHash,
      channel: Channel.RCS,
      leg: command.leg,
      status: result === 'accepted' ? DeliveryStatus.SUBMITTED : DeliveryStatus.UNREACHABLE,
      carrierMessageId: command.messageId,
      reason: result === 'accepted' ? '' : 'http_404',
      requestedAtMs: command.requestedAtMs,
      occurredAtMs: BigInt(Date.now()),
    });
    await this.publisher.publish('deliveryOutcome', outcome, { key: recipientHash, messageId: command.messageId });
  }
}
