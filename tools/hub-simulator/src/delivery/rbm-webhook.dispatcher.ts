import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorReason } from '@switchback/simulator-support';
import type { MutableHubStats } from '../hub-stats';
import type { SimLogger } from '@switchback/simulator-support';
import { postJson } from './post-json';
import type { RbmEvent } from './rbm-event';
import { signRbmData } from './rbm-signature';

export interface WebhookRetryPolicy {
  /** Total POST attempts per event (real RBM keeps retrying for days; tests need a bound). */
  readonly attempts: number;
  /** Wait before the second attempt; doubles after each failure. */
  readonly initialDelayMs: number;
  /** Per-attempt timeout. */
  readonly timeoutMs: number;
}

export interface WebhookTarget {
  readonly url: string | undefined;
  readonly clientToken: string;
}

const SUBSCRIPTION = 'projects/sim/subscriptions/rbm';

/**
 * Pushes RBM events the way RBM's Pub/Sub push does: `{message:{data,messageId,publishTime},
 * subscription}` with data = base64 event JSON and X-Goog-Signature over the decoded bytes.
 * Retries with doubling backoff; close() aborts waits and in-flight POSTs.
 */
export class RbmWebhookDispatcher {
  private readonly closing = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  private pubsubSequence = randomInt(1e12, 2e14);

  constructor(
    private readonly target: WebhookTarget,
    private readonly retry: WebhookRetryPolicy,
    private readonly stats: MutableHubStats,
    private readonly log: SimLogger,
  ) {}

  publish(event: RbmEvent): void {
    const url = this.target.url;
    if (!url || this.closing.signal.aborted) return;
    const delivery: Promise<void> = this.deliver(url, event).finally(() => this.inFlight.delete(delivery));
    this.inFlight.add(delivery);
  }

  async close(): Promise<void> {
    this.closing.abort();
    await Promise.allSettled([...this.inFlight]);
  }

  private envelope(event: RbmEvent): { body: string; signature: string } {
    const data = Buffer.from(JSON.stringify(event), 'utf8');
    this.pubsubSequence += 1;
    const message = { data: data.toString('base64'), messageId: String(this.pubsubSequence), publishTime: new Date().toISOString() };
    return { body: JSON.stringify({ message, subscription: SUBSCRIPTION }), signature: signRbmData(this.target.clientToken, data) };
  }

  private async deliver(url: string, event: RbmEvent): Promise<void> {
    // Same Pub/Sub message on every attempt, as a redelivery would be.
    const { body, signature } = this.envelope(event);
    const logged = { eventType: event.eventType, messageId: event.messageId };
    let delayMs = this.retry.initialDelayMs;
    for (let attempt = 1; attempt <= this.retry.attempts; attempt += 1) {
      let reason: string;
      try {
        const signal = AbortSignal.any([this.closing.signal, AbortSignal.timeout(this.retry.timeoutMs)]);
        const status = await postJson(url, body, { 'x-goog-signature': signature }, signal);
        if (status >= 200 && status < 300) {
          this.stats.webhooksSent += 1;
          this.log({ event: 'webhook.sent', ...logged, attempt, status });
          return;
        }
        reason = `http ${status}`;
      } catch (error) {
        if (this.closing.signal.aborted) return;
        reason = errorReason(error);
      }
      this.stats.webhookFailures += 1;
      this.log({ event: 'webhook.failed', ...logged, attempt, reason });
      if (attempt === this.retry.attempts) break;
      try {
        await sleep(delayMs, undefined, { signal: this.closing.signal });
      } catch {
        return; // closing
      }
      delayMs *= 2;
    }
    this.stats.webhooksAbandoned += 1;
    this.log({ event: 'webhook.abandoned', ...logged, attempts: this.retry.attempts });
  }
}
