import { Injectable } from '@nestjs/common';
import { OnEvent, type EventContext } from '@switchback/bus';
import { create, SendResolvedSchema, type SendRequested } from '@switchback/contracts';
import { CapabilityClient } from '../capability/capability.client';
import { EventSignatureVerifier } from '../producers/event-signature.verifier';
import { MalformedSendException } from './routing.exception';
import { RouteSendService } from './route-send.service';

/**
 * Thin edge: each send request (its number and text opened by the bus envelope), once its
 * producer's signature verifies, gets its
 * recipient's capability from capability-discovery, then goes to the routing engine with the
 * number in canonical E.164 form. An invalid number is dead-lettered; an unanswered lookup is retried.
 */
@Injectable()
export class SendRequestedConsumer {
  constructor(
    private readonly signatures: EventSignatureVerifier,
    private readonly capabilities: CapabilityClient,
    private readonly routing: RouteSendService,
  ) {}

  @OnEvent('sendRequested')
  async handle(send: SendRequested, context: EventContext): Promise<void> {
    // First: only a tenant's own producers (or this ingress) can send for it.
    await this.signatures.verify(send, context);
    if (!send.recipient) throw new MalformedSendException('send without recipient');
    const { e164, capability } = await this.capabilities.resolve(send.recipient);
    await this.routing.route(create(SendResolvedSchema, { send: { ...send, recipient: e164 }, capability }));
  }
}
