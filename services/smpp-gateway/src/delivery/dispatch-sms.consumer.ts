import { Inject, Injectable } from '@nestjs/common';
import { EventPublisher, OnEvent, type EventContext } from '@switchback/bus';
import { Channel, create, DeliveryOutcomeSchema, DeliveryStatus, type DispatchCommand } from '@switchback/contracts';
import { KeyedHasher } from '@switchback/crypto';
import { CONFIG } from '@switchback/runtime';
import { encodings } from 'smpp';
import type { SmppGatewayConfig } from '../config/smpp-gateway.config';
import { SmppConnection } from '../smpp/smpp-connection';
import { MessageMap } from './message-map';

const DATA_CODING_GSM = 0;
const DATA_CODING_UCS2 = 8;
const REGISTERED_DELIVERY_FINAL = 1;

/** Submits an SMS leg to the SMSC and reports SUBMITTED; the receipt reports the rest. */
@Injectable()
export class DispatchSmsConsumer {
  constructor(
    private readonly smpp: SmppConnection,
    private readonly messages: MessageMap,
    private readonly publisher: EventPublisher,
    private readonly hasher: KeyedHasher,
    @Inject(CONFIG) private readonly config: SmppGatewayConfig,
  ) {}

  @OnEvent('dispatchSms')
  async handle(command: DispatchCommand, _context: EventContext): Promise<void> {
    const text = command.content?.text ?? '';
    const recipientHash = this.hasher.hash(command.recipient);
    // GSM 03.38 (data_coding 0) when every character fits, UCS-2 otherwise.
    const dataCoding = encodings.ASCII.match(text) ? DATA_CODING_GSM : DATA_CODING_UCS2;
    const smscMessageId = await this.smpp.submit({
      source_addr: this.config.SMPP_SOURCE_ADDR,
      source_addr_ton: 5,
      destination_addr: command.recipient.replace(/^\+/, ''),
      dest_addr_ton: 1,
      dest_addr_npi: 1,
      data_coding: dataCoding,
      registered_delivery: REGISTERED_DELIVERY_FINAL,
      short_message: text,
    });
    await this.messages.remember(smscMessageId, { messageId: command.messageId, tenantId: command.tenantId, recipientHash, leg: command.leg, requestedAtMs: String(command.requestedAtMs) });
    const outcome = create(DeliveryOutcomeSchema, {
      messageId: command.messageId,
      tenantId: command.tenantId,
      recipientHash,
      channel: Channel.SMS,
      leg: command.leg,
      status: DeliveryStatus.SUBMITTED,
      carrierMessageId: smscMessageId,
      requestedAtMs: command.requestedAtMs,
      occurredAtMs: BigInt(Date.now()),
    });
    await this.publisher.publish('deliveryOutcome', outcome, { key: recipientHash, messageId: command.messageId });
  }
}
