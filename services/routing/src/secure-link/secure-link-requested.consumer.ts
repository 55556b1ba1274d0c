import { Injectable } from '@nestjs/common';
import { OnEvent, type EventContext } from '@switchback/bus';
import type { SecureLinkRequested } from '@switchback/contracts';
import { MalformedSendException } from '../routing/routing.exception';
import { SecureLinkDispatcher } from './secure-link-dispatcher';

/** Thin edge: each secure-link request becomes a link and its short text (or a FAILED outcome). */
@Injectable()
export class SecureLinkRequestedConsumer {
  constructor(private readonly dispatcher: SecureLinkDispatcher) {}

  @OnEvent('dispatchSecureLink')
  async handle(request: SecureLinkRequested, _context: EventContext): Promise<void> {
    if (!request.messageId || !request.tenantId || !request.recipient || request.leg === 0) throw new MalformedSendException('secure-link request without message id, tenant, recipient or leg');
    if (typeof request.content?.text !== 'string' || request.content.text === '') throw new MalformedSendException('secure-link request without content');
    await this.dispatcher.dispatch(request);
  }
}
