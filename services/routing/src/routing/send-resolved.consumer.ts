import { Inject, Injectable } from '@nestjs/common';
import { EventPublisher, OnEvent, type EventContext } from '@switchback/bus';
import { Channel, create, DispatchCommandSchema, RoutingDecisionSchema, Sensitivity, type SendResolved } from '@switchback/contracts';
import { KeyedHasher } from '@switchback/crypto';
import { CONFIG } from '@switchback/runtime';
import type { RoutingConfig } from '../config/routing.config';
import { chooseChannel } from './channel-ladder';
import { MalformedSendException } from './routing.exception';

/** Decides the channel of each resolved send, dispatches it and records the decision. */
@Injectable()
export class SendResolvedConsumer {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly hasher: KeyedHasher,
    @Inject(CONFIG) private readonly config: RoutingConfig,
  ) {}

  @OnEvent('sendResolved')
  async handle(resolved: SendResolved, _context: EventContext): Promise<void> {
    const send = resolved.send;
    if (!send?.messageId || !send.recipient) throw new MalformedSendException('send without message id or recipient');
    const choice = chooseChannel(resolved.capability);
    const recipientHash = this.hasher.hash(send.recipient);
    const publishOptions = { key: recipientHash, messageId: send.messageId };
    const dispatch = create(DispatchCommandSchema, {
      messageId: send.messageId,
      tenantId: send.tenantId,
      recipient: send.recipient,
      content: send.content,
      channel: choice.channel,
      leg: 1,
      requestedAtMs: send.requestedAtMs,
      ttlSeconds: choice.channel === Channel.RCS ? this.config.RCS_TTL_SECONDS : 0,
    });
    const decision = create(RoutingDecisionSchema, {
      messageId: send.messageId,
      tenantId: send.tenantId,
      recipientHash,
      channel: choice.channel,
      e2eeCapability: choice.e2eeCapability,
      fallbackReason: choice.fallbackReason,
      actionTaken: choice.actionTaken,
      sensitivity: send.sensitivity || Sensitivity.NORMAL,
      decidedAtMs: BigInt(Date.now()),
    });
    await Promise.all([
      this.publisher.publish(choice.channel === Channel.RCS ? 'dispatchRcs' : 'dispatchSms', dispatch, publishOptions),
      this.publisher.publish('routingDecision', decision, publishOptions),
    ]);
  }
}
