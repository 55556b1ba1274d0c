import { RecordingEventSink, registerHandler } from '@switchback/bus';
import { SecureLinkEventType, type SecureLinkLifecycle } from '@switchback/contracts';
import { Registry } from 'prom-client';
import { LinkExpirySweeper } from './link-expiry.sweeper';
import { LinkMetrics } from './link-metrics';
import type { LinkMeta, SecureLinkRepository } from './secure-link.repository';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const due = (id: string): LinkMeta => ({ id, tenantId: 'acme', messageId: null, keyMode: 'fragment', createdAt: new Date(NOW - 7200_000), expiresAt: new Date(NOW - 1), maxViews: 1, views: 0, escrowKeyId: null });

function setup(publishFails = false) {
  const published: SecureLinkLifecycle[] = [];
  const asked: { now: Date; limit: number }[] = [];
  const repository = {
    // Like the real one: the announcement runs before the commit and its failure rolls back.
    expireDue: async (now: Date, limit: number, announce: (links: LinkMeta[]) => Promise<void>) => {
      asked.push({ now, limit });
      const links = [due('a'), due('b')];
      await announce(links);
      return links.length;
    },
  } as unknown as SecureLinkRepository;
  const publisher = new RecordingEventSink([registerHandler('secureLinkLifecycle', async (event) => void published.push(event))]);
  if (publishFails) publisher.failWith(new Error('broker down'));
  const registry = new Registry();
  const sweeper = new LinkExpirySweeper(repository, publisher, new LinkMetrics(registry), { now: () => NOW }, { LINK_SWEEP_INTERVAL_MS: 60_000, LINK_SWEEP_BATCH: 50 });
  const expiredCount = async () => (await registry.getSingleMetric('switchback_secure_links_expired_total')!.get()).values.reduce((sum, v) => sum + v.value, 0);
  return { sweeper, published, asked, expiredCount };
}

describe('LinkExpirySweeper', () => {
  it('deletes one bounded batch at the injected time and announces each link as EXPIRED', async () => {
    const { sweeper, published, asked, expiredCount } = setup();
    expect(await sweeper.sweepOnce()).toBe(2);
    expect(asked).toEqual([{ now: new Date(NOW), limit: 50 }]);
    expect(published.map((e) => [e.linkId, e.type, e.occurredAtMs])).toEqual([
      ['a', SecureLinkEventType.EXPIRED, BigInt(NOW)],
      ['b', SecureLinkEventType.EXPIRED, BigInt(NOW)],
    ]);
    expect(await expiredCount()).toBe(2);
  });

  it('fails the sweep, counting nothing, when the events cannot be published (rows stay for the next one)', async () => {
    const { sweeper, expiredCount } = setup(true);
    await expect(sweeper.sweepOnce()).rejects.toThrow('broker down');
    expect(await expiredCount()).toBe(0);
  });
});
