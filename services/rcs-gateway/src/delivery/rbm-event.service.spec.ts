import { DeliveryStatus } from '@switchback/contracts';
import { Registry } from 'prom-client';
import { RcsMetrics } from '../metrics/rcs-metrics';
import type { LegRecord, LegStore } from './leg-store';
import type { OutcomePublisher } from './outcome.publisher';
import { RbmEventService } from './rbm-event.service';

const LEG: LegRecord = { rbmMessageId: 'rbm-1', messageId: 'msg-1', tenantId: 'acme', recipientHash: 'k1:abc', leg: 1, requestedAtMs: '5', firstAttemptAtMs: 1 };

function setup(options: { publishFails?: boolean } = {}) {
  const legs = new Map<string, LegRecord>([[LEG.rbmMessageId, LEG]]);
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
  const outcomes = {
    publish: async (_leg: LegRecord, status: DeliveryStatus, reason?: string) => {
      if (options.publishFails) throw new Error('broker down');
      published.push([status, reason]);
    },
  } as unknown as OutcomePublisher;
  const metrics = new RcsMetrics(new Registry());
  return { service: new RbmEventService(store, outcomes, metrics), published, legs, claimed, metrics };
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
});
