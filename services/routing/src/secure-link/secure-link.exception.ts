import { PermanentException, TransientException } from '@switchback/errors';

/** payload-store did not answer, or answered 5xx/429: the bus retries later. */
export class LinkStoreUnavailableException extends TransientException {
  constructor(detail: string, cause?: unknown) {
    super('link_store_unavailable', detail, { cause });
  }
}

/** payload-store refused the link (4xx): retrying the same request cannot help. */
export class LinkStoreRejectedException extends PermanentException {
  constructor(status: number) {
    super('link_store_rejected', `payload-store refused the link with HTTP ${status}`);
  }
}
