import { Inject, Injectable } from '@nestjs/common';
import { EventPublisher, OnEvent, type EventContext } from '@switchback/bus';
import { create, SendResolvedSchema, type SendRequested } from '@switchback/contracts';
import { KeyedHasher } from '@switchback/crypto';
import { CONFIG } from '@switchback/runtime';
import type { CapabilityDiscoveryConfig } from '../config/capability-discovery.config';
import { toCapabilityMessage } from './capability.mapper';
import { InvalidRecipientException } from './capability.exception';
import { CapabilityService } from './capability.service';
import { parseRecipient } from './e164';

/** Attaches a capability snapshot to each send request and passes it on to routing. */
@Injectable()
export class SendRequestedConsumer {
  constructor(
    private readonly capabilities: CapabilityService,
    private readonly publisher: EventPublisher,
    private readonly hasher: KeyedHasher,
    @Inject(CONFIG) private readonly config: CapabilityDiscoveryConfig,
  ) {}

  @OnEvent('sendRequested')
  async handle(send: SendRequested, context: EventContext): Promise<void> {
    const recipient = parseRecipient(send.recipient, this.config.RECIPIENT_VALIDATION);
    if (!recipient) throw new InvalidRecipientException();
    const capability = await this.capabilities.resolve(recipient);
    // Downstream sees the canonical E.164 form, whatever spacing the API client sent.
    const resolved = create(SendResolvedSchema, { send: { ...send, recipient: recipient.e164 }, capability: toCapabilityMessage(capability) });
    await this.publisher.publish('sendResolved', resolved, { key: this.hasher.hash(recipient.e164), messageId: context.messageId || send.messageId });
  }
}
