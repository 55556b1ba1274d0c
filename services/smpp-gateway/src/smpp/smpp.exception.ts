import { PermanentException, TransientException } from '@switchback/errors';
import { classifyStatus, statusName } from './command-status';

/** Not bound, disconnected, response timeout, shutting down: the bus retries later. */
export class SmscUnavailableException extends TransientException {
  constructor(detail: string) {
    super('smsc_unavailable', detail);
  }
}

/** The SMSC answered a retriable command_status (ESME_RTHROTTLED, ESME_RMSGQFUL, ...). */
export class SubmitDeferredException extends TransientException {
  constructor(readonly commandStatus: number) {
    super(statusName(commandStatus), `submit_sm deferred with ${statusName(commandStatus)}`);
  }
}

/** The SMSC refused the message itself; the reason is the status name (ESME_RINVDSTADR). */
export class SubmitRejectedException extends PermanentException {
  constructor(readonly commandStatus: number) {
    super(statusName(commandStatus), `submit_sm rejected with ${statusName(commandStatus)}`);
  }
}

/** More parts than SMPP_MAX_PARTS: refused whole, never truncated. */
export class TooManyPartsException extends PermanentException {
  constructor(
    readonly maxParts: number,
    readonly alphabet: 'GSM' | 'UCS2',
    readonly units: number,
  ) {
    super('TOO_MANY_PARTS', `${alphabet} text of ${units} units needs more than ${maxParts} parts`);
  }
}

export function submitFailure(commandStatus: number): SubmitDeferredException | SubmitRejectedException {
  return classifyStatus(commandStatus) === 'retry' ? new SubmitDeferredException(commandStatus) : new SubmitRejectedException(commandStatus);
}
