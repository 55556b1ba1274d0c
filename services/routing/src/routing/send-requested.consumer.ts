import { Inject, Injectable, Logger } from '@nestjs/common';
import { type EventContext, EventPublisher, type EventSink, OnEvent } from '@switchback/bus';
import { create, SendResolvedSchema, type SendRequested } from '@switchback/contracts';
import { CONFIG } from '@switchback/runtime';
import { CapabilityClient, CapabilityUnavailableException, guessedCapability, type ResolvedRecipient } from '../capability/capability.client';
import type { RoutingConfig } from '../config/routing.config';
import { EventSignatureVerifier } from '../producers/event-signature.verifier';
import { publishRefusal } from '../producers/send-refusal';
import { EventSignatureException } from '../producers/signature.exception';
import { MalformedSendException } from './routing.exception';
import { RouteSendService } from './route-send.service';

/**
 * Thin edge: each send request (its number and text opened by the bus envelope), once its
 * producer's signature verifies, gets its recipient's capability from capability-discovery,
 * then goes to the routing engine with the number in canonical E.164 form. An invalid number is
 * dead-lettered; an unanswered lookup is retried through the retry tiers and, on the last
 * attempt, routed on the SMS-only guess (as capability-discovery does when the hub is down):
 * sensitive content still fails closed, and no send waits in the dead letters for a restart.
 */
@Injectable()
export class SendRequestedConsumer {
  private readonly logger = new Logger(SendRequestedConsumer.name);

  constructor(
    private readonly signatures: EventSignatureVerifier,
    private readonly capabilities: CapabilityClient,
    private readonly routing: RouteSendService,
    @Inject(EventPublisher) private readonly publisher: EventSink,
    @Inject(CONFIG) private readonly config: Pick<RoutingConfig, 'BUS_RETRY_DELAYS_MS'>,
  ) {}

  @OnEvent('sendRequested')
  async handle(send: SendRequested, context: EventContext): Promise<void> {
    // First: only a tenant's own producers (or this ingress) can send for it.
    await this.signatures.verify(send, context).catch((error: unknown) => this.refuse(send, context, error));
    if (!send.recipient) throw new MalformedSendException('send without recipient');
    const { e164, capability } = await this.resolve(send.recipient, context.attempt);
    await this.routing.route(create(SendResolvedSchema, { send: { ...send, recipient: e164 }, capability }));
  }

  /** Records a refused send for the audit log (metadata only: the claimed ids and the code), then lets the bus dead-letter it. */
  private async refuse(send: SendRequested, context: EventContext, error: unknown): Promise<never> {
    if (error instanceof EventSignatureException) await publishRefusal(this.publisher, send, context, error.code);
    throw error;
  }

  private async resolve(recipient: string, attempt: number): Promise<ResolvedRecipient> {
    try {
      return await this.capabilities.resolve(recipient);
    } catch (error) {
      const lastAttempt = attempt > this.config.BUS_RETRY_DELAYS_MS.length;
      if (!(error instanceof CapabilityUnavailableException) || !lastAttempt) throw error;
      this.logger.warn(`capability-discovery unanswered after ${attempt} attempts; routing on the SMS-only guess`);
      return { e164: recipient, capability: guessedCapability() };
    }
  }
}
