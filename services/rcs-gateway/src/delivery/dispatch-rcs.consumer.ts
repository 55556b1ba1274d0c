import { Injectable } from '@nestjs/common';
import { OnEvent, type EventContext } from '@switchback/bus';
import type { DispatchCommand } from '@switchback/contracts';
import { RcsSendService } from './rcs-send.service';

/** Thin edge: each RCS dispatch command is one send attempt of its leg. */
@Injectable()
export class DispatchRcsConsumer {
  constructor(private readonly sends: RcsSendService) {}

  @OnEvent('dispatchRcs')
  async handle(command: DispatchCommand, context: EventContext): Promise<void> {
    await this.sends.send(command, context.attempt);
  }
}
