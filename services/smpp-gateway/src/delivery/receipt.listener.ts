import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { EventPublisher } from '@switchback/bus';
import { Channel, create, DeliveryOutcomeSchema, DeliveryStatus } from '@switchback/contracts';
import type { Pdu } from 'smpp';
import { parseDeliveryReceipt } from '../smpp/delivery-receipt';
import { SmppConnection } from '../smpp/smpp-connection';
import { MessageMap } from './message-map';

const STATUS_BY_STAT: Record<string, DeliveryStatus> = {
  DELIVRD: DeliveryStatus.DELIVERED,
  EXPIRED: DeliveryStatus.EXPIRED,
  UNDELIV: DeliveryStatus.FAILED,
  REJECTD: DeliveryStatus.FAILED,
  DELETED: DeliveryStatus.FAILED,
};

/** Turns SMSC delivery receipts (deliver_sm with esm_class 0x04) into delivery outcomes. */
@Injectable()
export class ReceiptListener implements OnModuleInit {
  private readonly logger = new Logger(ReceiptListener.name);

  constructor(
    private readonly smpp: SmppConnection,
    private readonly messages: MessageMap,
    private readonly publisher: EventPublisher,
  ) {}

  onModuleInit(): void {
    this.smpp.on('deliver_sm', (pdu: Pdu) => void this.onDeliverSm(pdu).catch((error: unknown) => this.logger.error({ err: String(error) }, 'receipt not processed')));
  }

  private async onDeliverSm(pdu: Pdu): Promise<void> {
    if ((Number(pdu['esm_class']) & 0x04) === 0) return; // a mobile-originated message, not a receipt
    const text = (pdu['short_message'] as { message?: string } | undefined)?.message ?? '';
    const receipt = parseDeliveryReceipt(text);
    const smscMessageId = String(pdu['receipted_message_id'] ?? receipt?.smscMessageId ?? '');
    const leg = smscMessageId ? await this.messages.find(smscMessageId) : undefined;
    if (!receipt || !leg) return void this.logger.warn('receipt for an unknown message');
    const outcome = create(DeliveryOutcomeSchema, {
      messageId: leg.messageId,
      tenantId: leg.tenantId,
      recipientHash: leg.recipientHash,
      channel: Channel.SMS,
      leg: leg.leg,
      status: STATUS_BY_STAT[receipt.stat] ?? DeliveryStatus.FAILED,
      carrierMessageId: smscMessageId,
      reason: receipt.stat,
      requestedAtMs: BigInt(leg.requestedAtMs),
      occurredAtMs: BigInt(Date.now()),
    });
    await this.publisher.publish('deliveryOutcome', outcome, { key: leg.recipientHash, messageId: leg.messageId });
  }
}
