import { Injectable } from '@nestjs/common';
import { EventPublisher, OnEvent, type EventContext } from '@switchback/bus';
import { CapabilitySchema, CapabilitySource, create, SendResolvedSchema, type SendRequested } from '@switchback/contracts';
import { KeyedHasher } from '@switchback/crypto';
import { InvalidRecipientException } from './capability.exception';
import { CapabilityService } from './capability.service';
import { isE164 } from './e164';

/** Attaches a capability snapshot to each send request and passes it on to routing. */
@Injectable()
export class SendRequestedConsumer {
  constructor(
    private readonly capabilities: CapabilityService,
    private readonly publisher: EventPublisher,
    private readonly hasher: KeyedHasher,
  ) {}

  @OnEvent('sendRequested')
  async handle(send: SendRequested, context: EventContext): Promise<void> {
    if (!isE164(send.recipient)) throw new InvalidRecipientException();
    const capability = await this.capabilities.resolve(send.recipient);
    const resolved = create(SendResolvedSchema, {
      send,
      capability: create(CapabilitySchema, {
        rcs: capability.rcs,
        rcsE2ee: capability.rcsE2ee,
        inappE2ee: capability.inappE2ee,
        features: capability.features,
        source: capability.source === 'cache' ? CapabilitySource.CACHE : CapabilitySource.HUB,
        checkedAtMs: BigInt(capability.checkedAtMs),
      }),
    });
    await this.publisher.publish('sendResolved', resolved, { key: this.hasher.hash(send.recipient), messageId: context.messageId || send.messageId });
  }
}
