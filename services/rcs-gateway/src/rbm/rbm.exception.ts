import { PermanentException, TransientException } from '@switchback/errors';

/** 429 or 5xx from the hub, or no answer: a later attempt can succeed. */
export class RbmUnavailableException extends TransientException {
  constructor(detail: string) {
    super('rbm_unavailable', `RBM send failed: ${detail}`);
  }
}

/** 400/403 and friends: sending the same request again cannot succeed. */
export class RbmRejectedException extends PermanentException {
  constructor(status: number) {
    super(`rbm_http_${status}`, `RBM rejected the message with HTTP ${status}`);
  }
}
