import { SpanKind, trace } from '@opentelemetry/api';
import { DeliveryStatus } from '@switchback/contracts';
import { installInMemoryTracing, type InMemoryTracing } from '@switchback/testing';
import { Registry } from 'prom-client';
import { RcsMetrics } from '../metrics/rcs-metrics';
import type { LegRecord, LegStore } from './leg-store';
import type { OutcomePublisher } from './outcome.publisher';
import { RbmEventService } from './rbm-event.service';

const LEG: LegRecord = { rbmMessageId: 'rbm-1', messageId: 'msg-1', tenantId: 'acme', recipientHash: 'k1:abc', leg: 1, requestedAtMs: '5', firstAttemptAtMs: 1 };

function setup(options: { publishFails?: boolean; leg?: LegRecord } = {}) {
  const legs = new Map<string, LegRecord>([[LEG.rbmMessageId, options.leg ?? LEG]]);
  const claimed = new Set<string>();
  const store = {
    find: async (id: string) => legs.get(id),
    claimEvent: async (eventId: string) => !claimed.has(eventId) && Boolean(claimed.add(eventId)),
    releaseEvent: async (eventId: string) => void claimed.delete(eventId),
    update: async (record: LegRecord, change: Partial<LegRecord>) => {
      const next = { ...record, ...change };
      legs.set(record.rbmMessageId, next);
      return next;
    },
  } as unknown as LegStore;
  const published: [DeliveryStatus, string | undefined][] = [];
  const publishedIn: (string | undefined)[] = []; // the trace each outcome was published in
  const outcomes = {
    publish: async (_leg: LegRecord, status: DeliveryStatus, reason?: string) => {
      if (options.publishFails) throw new Error('broker down');
      published.push([status, reason]);
      publishedIn.push(trace.getActiveSpan()?.spanContext().traceId);
    },
  } as unknown as OutcomePublisher;
  const metrics = new RcsMetrics(new Registry());
  return { service: new RbmEventService(store, outcomes, metrics), published, publishedIn, legs, claimed, metrics };
}

describe('RbmEventService', () => {
  it.each([
    ['DELIVERED', DeliveryStatus.DELIVERED, undefined, 'delivered'],
    ['READ', DeliveryStatus.READ, undefined, 'read'],
    ['TTL_EXPIRATION_REVOKED', DeliveryStatus.EXPIRED, 'ttl_expiration_revoked', 'expired'],
    ['TTL_EXPIRATION_REVOKE_FAILED', DeliveryStatus.SUBMITTED, 'ttl_expiration_revoke_failed', undefined],
  ])('maps %s to an outcome and the leg state', async (eventType, status, reason, state) => {
    const { service, published, legs } = setup();
    await service.handle({ eventType, eventId: 'e-1', messageId: 'rbm-1' });
    expect(published).toEqual([[status, reason]]);
    expect(legs.get('rbm-1')?.state).toBe(state);
  });

  it('emits one outcome per event id and counts the duplicates', async () => {
    const { service, published, metrics } = setup();
    await service.handle({ eventType: 'DELIVERED', eventId: 'e-1', messageId: 'rbm-1' });
    await service.handle({ eventType: 'DELIVERED', eventId: 'e-1', messageId: 'rbm-1' });
    expect(published).toHaveLength(1);
    expect((await metrics.webhookDuplicates.get()).values[0]?.value).toBe(1);
  });

  it('ignores other event types, events without ids and unknown messages', async () => {
    const { service, published } = setup();
    await service.handle({ eventType: 'IS_TYPING', eventId: 'e-2', messageId: 'rbm-1' });
    await service.handle({ eventType: 'DELIVERED', messageId: 'rbm-1' });
    await service.handle({ eventType: 'DELIVERED', eventId: 'e-3', messageId: 'nope' });
    expect(published).toEqual([]);
  });

  it('gives the event id back when the outcome cannot be published, so the redelivery counts', async () => {
    const { service, claimed } = setup({ publishFails: true });
    await expect(service.handle({ eventType: 'DELIVERED', eventId: 'e-1', messageId: 'rbm-1' })).rejects.toThrow('broker down');
    expect(claimed.has('e-1')).toBe(false);
  });

  it('never moves the leg state backwards (READ before DELIVERED)', async () => {
    const { service, legs } = setup();
    await service.handle({ eventType: 'READ', eventId: 'e-r', messageId: 'rbm-1' });
    await service.handle({ eventType: 'DELIVERED', eventId: 'e-d', messageId: 'rbm-1' });
    expect(legs.get('rbm-1')?.state).toBe('read');
  });

  describe('tracing', () => {
    let tracing: InMemoryTracing;
    beforeAll(() => (tracing = installInMemoryTracing()));
    afterAll(() => tracing.shutdown());
    beforeEach(() => tracing.reset());
    const SEND_TRACE = '0af7651916cd43dd8448eb211c80319c';
    const SEND_SPAN = 'b7ad6b7169203331';
    // The webhook as the HTTP instrumentation serves it: inside a SERVER span of its own trace.
    const webhook = (service: RbmEventService, eventType: string) =>
      trace.getTracer('test').startActiveSpan('POST', { kind: SpanKind.SERVER, root: true }, async (span) => {
        await service.handle({ eventType, eventId: `e-${eventType}`, messageId: 'rbm-1' });
        span.end();
        return span.spanContext();
      });

    it('publishes the outcome of a leg sent under trace T in T, linked to the webhook request span', async () => {
      const { service, publishedIn, legs } = setup({ leg: { ...LEG, trace: { traceparent: `00-${SEND_TRACE}-${SEND_SPAN}-01` } } });
      const request = await webhook(service, 'DELIVERED');
      expect(publishedIn).toEqual([SEND_TRACE]);
      const receipt = tracing.spans().find((s) => s.name === 'rcs delivery receipt')!;
      expect(receipt.spanContext().traceId).toBe(SEND_TRACE);
      expect(receipt.parentSpanContext?.spanId).toBe(SEND_SPAN);
      expect(receipt.links.map((l) => l.context)).toEqual([expect.objectContaining({ traceId: request.traceId, spanId: request.spanId })]);
      expect(receipt.attributes).toEqual({ 'sb.message_id': 'msg-1', 'sb.leg': 1, 'sb.channel': 'rcs', 'sb.receipt.type': 'DELIVERED', 'sb.delivery_status': 'delivered' });
      expect(request.traceId).not.toBe(SEND_TRACE);
      expect(legs.get('rbm-1')?.trace).toEqual({ traceparent: `00-${SEND_TRACE}-${SEND_SPAN}-01` }); // the state update keeps it
    });

    it('keeps the outcome in the webhook trace for a leg stored without a trace (before this release)', async () => {
      const { service, publishedIn } = setup();
      const request = await webhook(service, 'DELIVERED');
      expect(publishedIn).toEqual([request.traceId]);
      expect(tracing.spans().map((s) => s.name)).toEqual(['POST']);
    });
  });
});
