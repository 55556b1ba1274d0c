import { PermanentException } from '@switchback/errors';

/** The stored send of a message due for a failover cannot be re-routed (no text): parked, never guessed. */
export class FailoverImpossibleException extends PermanentException {
  constructor(messageId: string) {
    super('failover_impossible', `message ${messageId} has no sealed text to route again`);
  }
}
