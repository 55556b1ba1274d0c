import { Injectable } from '@nestjs/common';
import { OnEvent, type EventContext } from '@switchback/bus';
import { Channel, isE164, type RevokeCommand } from '@switchback/contracts';
import { PermanentException } from '@switchback/errors';
import { RcsRevokeService } from './rcs-revoke.service';


/** Refused revoke commands go to the dead-letter topic with this code. */
export class InvalidRevokeException extends PermanentException {
  constructor(detail: string) {
    super('invalid_revoke', detail);
  }
}

/** Thin edge: a RevokeCommand for an RCS leg -> one revocation and its DeliveryOutcome. */
@Injectable()
export class RevokeRcsConsumer {
  constructor(private readonly revocations: RcsRevokeService) {}

  @OnEvent('dispatchRevoke')
  async handle(command: RevokeCommand, _context: EventContext): Promise<void> {
    if (command.channel !== Channel.RCS) throw new InvalidRevokeException(`only RCS legs can be revoked (got channel ${command.channel})`);
    if (!isE164(command.recipient)) throw new InvalidRevokeException('recipient is not E.164');
    if (!command.messageId || command.leg < 1) throw new InvalidRevokeException('message_id and leg are required');
    await this.revocations.revoke(command);
  }
}
