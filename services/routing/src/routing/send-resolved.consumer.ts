import { Injectable } from '@nestjs/common';
import { OnEvent, type EventContext } from '@switchback/bus';
import type { SendResolved } from '@switchback/contracts';
import { RouteSendService } from './route-send.service';

/** Thin edge: each resolved send (send + capability snapshot) goes to the routing engine. */
@Injectable()
export class SendResolvedConsumer {
  constructor(private readonly routing: RouteSendService) {}

  @OnEvent('sendResolved')
  async handle(resolved: SendResolved, _context: EventContext): Promise<void> {
    await this.routing.route(resolved);
  }
}
