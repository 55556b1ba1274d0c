import { Injectable } from '@nestjs/common';
import { OnEvent, type EventContext } from '@switchback/bus';
import type { DeliveryOutcome, MessageTerminal, RoutingDecision, SecureLinkLifecycle } from '@switchback/contracts';
import { WebhookDispatchService } from '../delivery/webhook-dispatch.service';
import { fromDecision, fromOutcome, fromSecureLink, fromTerminal } from './webhook-event-mapper';

/** Thin edge: each metadata topic becomes its status callbacks, sent by the dispatch service. */
@Injectable()
export class WebhookConsumer {
  constructor(private readonly dispatcher: WebhookDispatchService) {}

  @OnEvent('routingDecision')
  async decision(event: RoutingDecision, context: EventContext): Promise<void> {
    await this.dispatcher.dispatch(fromDecision(event), context.attempt);
  }

  @OnEvent('deliveryOutcome')
  async outcome(event: DeliveryOutcome, context: EventContext): Promise<void> {
    await this.dispatcher.dispatch(fromOutcome(event), context.attempt);
  }

  @OnEvent('messageTerminal')
  async terminal(event: MessageTerminal, context: EventContext): Promise<void> {
    await this.dispatcher.dispatch(fromTerminal(event), context.attempt);
  }

  @OnEvent('secureLinkLifecycle')
  async secureLink(event: SecureLinkLifecycle, context: EventContext): Promise<void> {
    await this.dispatcher.dispatch(fromSecureLink(event), context.attempt);
  }
}
