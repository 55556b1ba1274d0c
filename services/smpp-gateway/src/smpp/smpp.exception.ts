import { PermanentException, TransientException } from '@switchback/errors';

/** SMSC statuses worth retrying: throttled, queue full, system error (as Jasmin requeues). */
const RETRIABLE_STATUSES = new Set([0x58, 0x14, 0x08]);

export class SmscUnavailableException extends TransientException {
  constructor(detail: string) {
    super('smsc_unavailable', detail);
  }
}

export class SubmitRejectedException extends PermanentException {
  constructor(readonly commandStatus: number) {
    super(`smpp_status_0x${commandStatus.toString(16).padStart(2, '0')}`, `submit_sm rejected with command_status 0x${commandStatus.toString(16)}`);
  }
}

export function submitFailure(commandStatus: number): Error {
  const code = `smpp_status_0x${commandStatus.toString(16).padStart(2, '0')}`;
  return RETRIABLE_STATUSES.has(commandStatus) ? new SmscUnavailableException(code) : new SubmitRejectedException(commandStatus);
}
