import { Injectable } from '@nestjs/common';
import { OnEvent, type EventContext } from '@switchback/bus';
import type { DispatchCommand } from '@switchback/contracts';
import { SmsDispatcher } from './sms-dispatcher';

/** The Kafka edge: one DispatchCommand on sb.dispatch.sms -> one SMS leg. */
@Injectable()
export class DispatchSmsConsumer {
  constructor(private readonly dispatcher: SmsDispatcher) {}

  @OnEvent('dispatchSms')
  handle(command: DispatchCommand, context: EventContext): Promise<void> {
    return this.dispatcher.dispatch(command, context.attempt);
  }
}
