import { PermanentException, TransientException } from '@switchback/errors';

/** 408, 429 or 5xx from the hub, or no answer: a later attempt can succeed (retry topic). */
export class RbmUnavailableException extends TransientException {
  constructor(
    readonly reason: string,
    readonly retryAfterMs?: number,
  ) {
    super('rbm_unavailable', `RBM call failed: ${reason}${retryAfterMs === undefined ? '' : ` (retry after ${retryAfterMs} ms)`}`);
  }
}

/** Our own per-agent limits (rate, in-flight, a Retry-After cool-down) could not be met in time. */
export class RbmThrottledException extends TransientException {
  constructor(readonly limit: 'rate' | 'concurrency' | 'cool_down') {
    super('rbm_throttled', `RBM agent limit reached: ${limit}`);
  }
}

/** A 4xx the hub will repeat for the same request (revocation only; sends report FAILED). */
export class RbmRejectedException extends PermanentException {
  constructor(reason: string) {
    super(`rbm_${reason}`, `RBM rejected the request: ${reason}`);
  }
}

/** The hub path's circuit breaker is open: the send was not attempted. */
export class HubCircuitOpenException extends TransientException {
  constructor(readonly pathId: string) {
    super('circuit_open', `circuit of ${pathId} is open`);
  }
}
