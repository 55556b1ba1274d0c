import { TransientException } from '@switchback/errors';

/** Some endpoint did not acknowledge: the bus retries the source event on its tiers, then dead-letters it. */
export class WebhookDeliveryException extends TransientException {
  constructor(readonly reasons: readonly string[]) {
    super('webhook_delivery_failed', `${reasons.length} endpoint deliveries pending: ${[...new Set(reasons)].sort().join(', ')}`);
  }
}
