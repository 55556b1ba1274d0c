import { PermanentException, TransientException } from '@switchback/errors';
import { classifyStatus, statusName } from './command-status';

/** Not bound, disconnected, response timeout, shutting down: the bus retries later. */
export class SmscUnavailableException extends TransientException {
  constructor(detail: string) {
    super('smsc_unavailable', detail);
  }
}

/**
 * A submit_sm went out but no submit_sm_resp came (response timeout, or the connection was lost
 * while it was outstanding): the SMSC may or may not have taken the message.
 */
export class SubmitUnconfirmedException extends SmscUnavailableException {
  constructor(
    readonly kind: 'response_timeout' | 'disconnected',
    detail: string,
  ) {
    super(detail);
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

/**
 * The SMSC answered a request with generic_nack (it could not take the PDU as such: length,
 * command id, a field it cannot parse). Sending the same PDU again gets the same answer, so the
 * leg fails for good; the code names the nack's status (GENERIC_NACK:ESME_RINVCMDLEN).
 */
export class GenericNackException extends PermanentException {
  constructor(
    readonly command: string,
    readonly commandStatus: number,
  ) {
    super(`GENERIC_NACK:${statusName(commandStatus)}`, `${command} answered with generic_nack ${statusName(commandStatus)}`);
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

/** Every connector's circuit breaker is open: nothing was submitted. */
export class SmscCircuitOpenException extends TransientException {
  constructor() {
    super('circuit_open', 'the circuit of every SMSC connector is open');
  }
}

/** Another attempt of the same leg is submitting right now: try again later. */
export class SubmitInProgressException extends TransientException {
  constructor() {
    super('submit_in_progress', 'another attempt is submitting this leg');
  }
}

/** No connector serves the regions the leg may leave through (tenant residency): never sent elsewhere. */
export class NoConnectorInRegionException extends PermanentException {
  constructor(regions: readonly string[]) {
    super('no_connector_in_region', `no SMSC connector in ${regions.join(', ')}`);
  }
}
