import { Registry } from 'prom-client';
import type { DeliveryTarget, DisableReason } from '../endpoints/webhook-endpoint';
import type { WebhookEndpointRepository } from '../endpoints/webhook-endpoint.repository';
import { newSigningSecret } from '../endpoints/secret-box';
import type { WebhookEvent } from '../webhooks/webhook-event';
import { WebhookDispatchService } from './webhook-dispatch.service';
import { WebhookDeliveryException } from './webhook-delivery.exception';
import { WebhookMetrics } from './webhook-metrics';
import type { SendResult, WebhookTransport } from './webhook-transport';

/** An in-memory endpoint store with the repository's semantics. */
class Endpoints {
  readonly delivered = new Set<string>();
  readonly disabled = new Map<string, DisableReason>();
  failingSince = new Map<string, number>();
  constructor(readonly list: DeliveryTarget[]) {}
  async targets(): Promise<DeliveryTarget[]> {
    return this.list.filter((t) => !this.disabled.has(t.id)).map((t) => ({ ...t, failingSince: this.failingSince.get(t.id) ?? null }));
  }
  async wasDelivered(t: DeliveryTarget, id: string) {
    return this.delivered.has(`${t.id}/${id}`);
  }
  async delivered_(t: DeliveryTarget, id: string) {
    this.delivered.add(`${t.id}/${id}`);
    this.failingSince.delete(t.id);
  }
  async failed(t: DeliveryTarget, now: Date) {
    if (!this.failingSince.has(t.id)) this.failingSince.set(t.id, now.getTime());
    return this.failingSince.get(t.id)!;
  }
  async disable(t: DeliveryTarget, reason: DisableReason) {
    if (this.disabled.has(t.id)) return false;
    this.disabled.set(t.id, reason);
    return true;
  }
}

const target = (id: string): DeliveryTarget => ({ tenantId: 'acme', id, url: `https://${id}.example/hook`, secrets: [newSigningSecret()], failingSince: null });
const event = (type: WebhookEvent['type'], id = `msg_${type}`): WebhookEvent => ({ id, type, tenantId: 'acme', messageId: 'm-1', occurredAtMs: 0, data: {} });

function setup(targets: DeliveryTarget[], answer: (url: string, body: string) => SendResult, disableAfterMs = 60_000) {
  const store = new Endpoints(targets);
  const calls: { url: string; type: string }[] = [];
  const transport: WebhookTransport = { post: async (url, _headers, body) => (calls.push({ url, type: (JSON.parse(body) as { type: string }).type }), answer(url, body)) };
  const clock = { at: 1_000_000, now() { return this.at; } };
  const repository = { targets: () => store.targets(), wasDelivered: (t: DeliveryTarget, id: string) => store.wasDelivered(t, id), delivered: (t: DeliveryTarget, id: string) => store.delivered_(t, id), failed: (t: DeliveryTarget, now: Date) => store.failed(t, now), disable: (t: DeliveryTarget, r: DisableReason) => store.disable(t, r) } as unknown as WebhookEndpointRepository;
  const metrics = new WebhookMetrics(new Registry());
  const service = new WebhookDispatchService(repository, transport, metrics, { WEBHOOK_ENDPOINT_CONCURRENCY: 2, WEBHOOK_DISABLE_AFTER_MS: disableAfterMs }, clock);
  return { service, store, calls, clock, metrics };
}

describe('WebhookDispatchService', () => {
  it('sends each event to every endpoint once; a retry re-sends only to the endpoint still pending', async () => {
    let aFails = true;
    const { service, calls } = setup([target('a'), target('b')], (url) => (url.includes('a.') && aFails ? { kind: 'failed', reason: 'http_500', status: 500 } : { kind: 'delivered', status: 200 }));
    await expect(service.dispatch([event('message.terminal')], 1)).rejects.toBeInstanceOf(WebhookDeliveryException);
    aFails = false;
    await service.dispatch([event('message.terminal')], 2);
    expect(calls.map((c) => c.url)).toEqual(['https://a.example/hook', 'https://b.example/hook', 'https://a.example/hook']);
  });

  it('keeps the order per endpoint: a later event waits while an earlier one is pending there', async () => {
    const { service, calls } = setup([target('a')], (_url, body) => (body.includes('message.accepted') ? { kind: 'failed', reason: 'timeout' } : { kind: 'delivered', status: 200 }));
    await expect(service.dispatch([event('message.accepted'), event('message.decided')], 2)).rejects.toMatchObject({ reasons: ['timeout', 'ordered_after_pending'] });
    expect(calls.map((c) => c.type)).toEqual(['message.accepted']);
  });

  it('defers a failing endpoint on the live path without calling it, and calls it from a retry tier', async () => {
    const { service, store, calls } = setup([target('a')], () => ({ kind: 'delivered', status: 200 }));
    store.failingSince.set('a', 999_000);
    await expect(service.dispatch([event('message.read')], 1)).rejects.toMatchObject({ reasons: ['endpoint_failing'] });
    expect(calls).toHaveLength(0);
    await service.dispatch([event('message.read')], 2);
    expect(calls).toHaveLength(1);
    expect(store.failingSince.has('a')).toBe(false);
  });

  it('disables an endpoint on 410 and one failing longer than the limit, counting both', async () => {
    const gone = setup([target('a')], () => ({ kind: 'gone' }));
    await gone.service.dispatch([event('message.read')], 1);
    expect(gone.store.disabled.get('a')).toBe('gone');
    const failing = setup([target('b')], () => ({ kind: 'failed', reason: 'http_503', status: 503 }), 60_000);
    await expect(failing.service.dispatch([event('message.read')], 2)).rejects.toBeInstanceOf(WebhookDeliveryException);
    failing.clock.at += 60_000;
    await failing.service.dispatch([event('message.read')], 3); // disabled now: nothing left to retry
    expect(failing.store.disabled.get('b')).toBe('failing');
    expect((await failing.metrics.endpointsDisabled.get()).values).toEqual([expect.objectContaining({ labels: { reason: 'failing' }, value: 1 })]);
  });

  it('caps the requests in flight per endpoint', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const store = setup([target('a')], () => ({ kind: 'delivered', status: 200 }));
    const slow: WebhookTransport = { post: async () => (await gate, { kind: 'delivered', status: 200 }) };
    (store.service as unknown as { transport: WebhookTransport }).transport = slow;
    const running = [store.service.dispatch([event('message.read', 'msg_1')], 1), store.service.dispatch([event('message.read', 'msg_2')], 1)];
    await expect(store.service.dispatch([event('message.read', 'msg_3')], 1)).rejects.toMatchObject({ reasons: ['endpoint_busy'] });
    release();
    await Promise.all(running);
  });
});
