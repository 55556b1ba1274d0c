import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, CONFIG, type Clock } from '@switchback/runtime';
import type { WebhookDispatcherConfig } from '../config/webhook-dispatcher.config';
import type { DeliveryTarget } from '../endpoints/webhook-endpoint';
import { WebhookEndpointRepository } from '../endpoints/webhook-endpoint.repository';
import type { WebhookEvent } from '../webhooks/webhook-event';
import { WebhookDeliveryException } from './webhook-delivery.exception';
import { WebhookMetrics } from './webhook-metrics';
import { signedRequest } from './webhook-signer';
import { WEBHOOK_TRANSPORT, type WebhookTransport } from './webhook-transport';

type Config = Pick<WebhookDispatcherConfig, 'WEBHOOK_ENDPOINT_CONCURRENCY' | 'WEBHOOK_DISABLE_AFTER_MS'>;

/** Done (acknowledged, or nothing more to do for this endpoint), or pending with a reason. */
type Attempt = { readonly done: true } | { readonly done: false; readonly reason: string };
const DONE: Attempt = { done: true };

/**
 * Sends the callbacks of one source event to every endpoint of its tenant that asked for them.
 * An endpoint that acknowledged is remembered, so a retry of the source event re-sends only to
 * the endpoints still pending. An endpoint already in a failing streak is not called from the
 * main consumer (its events go straight to the retry tiers): one slow or dead endpoint costs
 * the live path one timeout, not one per event.
 */
@Injectable()
export class WebhookDispatchService {
  private readonly logger = new Logger(WebhookDispatchService.name);
  private readonly inFlight = new Map<string, number>();

  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    @Inject(WEBHOOK_TRANSPORT) private readonly transport: WebhookTransport,
    private readonly metrics: WebhookMetrics,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** `attempt` is the bus's: 1 on the main consumer, more on the retry tiers. Throws while any endpoint is pending. */
  async dispatch(events: readonly WebhookEvent[], attempt: number): Promise<void> {
    const pending: string[] = [];
    // An endpoint whose earlier event of this batch is pending gets none of the later ones yet (order per message).
    const held = new Set<string>();
    for (const event of events) {
      const targets = await this.endpoints.targets(event.tenantId, event.type, new Date(this.clock.now()));
      const results = await Promise.all(targets.map((target) => (held.has(target.id) ? { done: false as const, reason: 'ordered_after_pending' } : this.deliver(target, event, attempt))));
      targets.forEach((target, index) => {
        const result = results[index];
        if (!result || result.done) return;
        pending.push(result.reason);
        held.add(target.id);
      });
    }
    if (pending.length > 0) throw new WebhookDeliveryException(pending);
  }

  private async deliver(target: DeliveryTarget, event: WebhookEvent, attempt: number): Promise<Attempt> {
    if (await this.endpoints.wasDelivered(target, event.id)) return DONE;
    if (target.failingSince !== null && attempt <= 1) return this.pending('deferred', 'endpoint_failing');
    const key = `${target.tenantId}\u001f${target.id}`;
    const running = this.inFlight.get(key) ?? 0;
    if (running >= this.config.WEBHOOK_ENDPOINT_CONCURRENCY) return this.pending('busy', 'endpoint_busy');
    this.inFlight.set(key, running + 1);
    try {
      const now = new Date(this.clock.now());
      const { headers, body } = signedRequest(event, target.secrets, now);
      const result = await this.transport.post(target.url, headers, body);
      if (result.kind === 'delivered') {
        await this.endpoints.delivered(target, event.id, new Date(this.clock.now()));
        this.metrics.deliveries.inc({ outcome: 'delivered' });
        return DONE;
      }
      if (result.kind === 'gone') {
        this.metrics.deliveries.inc({ outcome: 'gone' });
        await this.disable(target, 'gone');
        return DONE;
      }
      this.metrics.deliveries.inc({ outcome: 'failed' });
      const failingSince = await this.endpoints.failed(target, new Date(this.clock.now()));
      if (this.clock.now() - failingSince >= this.config.WEBHOOK_DISABLE_AFTER_MS) {
        await this.disable(target, 'failing');
        return DONE;
      }
      return { done: false, reason: result.reason };
    } finally {
      const left = (this.inFlight.get(key) ?? 1) - 1;
      if (left > 0) this.inFlight.set(key, left);
      else this.inFlight.delete(key);
    }
  }

  private pending(outcome: 'deferred' | 'busy', reason: string): Attempt {
    this.metrics.deliveries.inc({ outcome });
    return { done: false, reason };
  }

  private async disable(target: DeliveryTarget, reason: 'gone' | 'failing'): Promise<void> {
    if (!(await this.endpoints.disable(target, reason, new Date(this.clock.now())))) return;
    this.metrics.endpointsDisabled.inc({ reason });
    // No audited topic carries endpoint changes yet: the log line and the metric are the record.
    this.logger.warn({ tenantId: target.tenantId, endpointId: target.id, reason }, 'webhook endpoint disabled');
  }
}
