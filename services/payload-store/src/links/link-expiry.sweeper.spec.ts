import { RecordingEventSink, registerHandler } from '@switchback/bus';
import { SecureLinkEventType, type SecureLinkLifecycle } from '@switchback/contracts';
import { Registry } from 'prom-client';
import { randomBytes } from 'node:crypto';
import { LinkExpirySweeper } from './link-expiry.sweeper';
import { LinkKeyring, type ProtectedLink } from './link-keyring';
import { LinkMetrics } from './link-metrics';
import type { LinkMeta, SecureLinkRepository } from './secure-link.repository';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const due = (id: string): LinkMeta => ({ id, tenantId: 'acme', messageId: null, keyMode: 'fragment', createdAt: new Date(NOW - 7200_000), expiresAt: new Date(NOW - 1), maxViews: 1, views: 0, escrowKeyId: null });

function setup(publishFails = false, keyring = new LinkKeyring([])) {
  const published: SecureLinkLifecycle[] = [];
  const asked: { now: Date; limit: number }[] = [];
  const rekeyed: ProtectedLink[] = [];
  const repository = {
    rekeyLegacy: async (limit: number, protect: (row: { id: string; verifier: Buffer; ciphertext: Buffer }) => ProtectedLink) => {
      rekeyed.push(protect({ id: 'legacy', verifier: Buffer.alloc(32, 7), ciphertext: Buffer.from('sent') }));
      return Math.min(limit, 1);
    },
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
  const sweeper = new LinkExpirySweeper(repository, publisher, new LinkMetrics(registry), { now: () => NOW }, { LINK_SWEEP_INTERVAL_MS: 60_000, LINK_SWEEP_BATCH: 50 }, keyring);
  const expiredCount = async () => (await registry.getSingleMetric('switchback_secure_links_expired_total')!.get()).values.reduce((sum, v) => sum + v.value, 0);
  return { sweeper, published, asked, expiredCount, rekeyed };
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

  it('re-keys legacy rows under the current pepper, and leaves them alone without one (development)', async () => {
    const keyring = new LinkKeyring([{ id: 'p1', key: randomBytes(32) }]);
    const peppered = setup(false, keyring);
    expect(await peppered.sweeper.rekeyOnce()).toBe(1);
    expect(peppered.rekeyed).toEqual([keyring.protect('legacy', Buffer.alloc(32, 7), Buffer.from('sent'))].map((p) => ({ ...p, ciphertext: expect.any(Buffer) })));
    expect(keyring.open('legacy', 'p1', peppered.rekeyed[0]!.ciphertext).toString()).toBe('sent');
    const plain = setup();
    expect(await plain.sweeper.rekeyOnce()).toBe(0);
    expect(plain.rekeyed).toEqual([]);
  });
});
