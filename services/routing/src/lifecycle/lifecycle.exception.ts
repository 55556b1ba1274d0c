import { PermanentException } from '@switchback/errors';

/** The stored send of a message due for a failover cannot be re-routed (no text): parked, never guessed. */
export class FailoverImpossibleException extends PermanentException {
  constructor(messageId: string) {
    super('failover_impossible', `message ${messageId} has no sealed text to route again`);
  }
}

/** An outcome no leg can hold (a time outside the calendar, a leg number past the column): parked, never written. */
export class MalformedOutcomeException extends PermanentException {
  constructor(detail: string) {
    super('malformed_outcome', detail);
  }
}
