import { Logger } from '@nestjs/common';
import { RecordingEventSink, registerHandler } from '@switchback/bus';
import { KeyDeliveryMode, SecureLinkEventType, type SecureLinkLifecycle } from '@switchback/contracts';
import { createHash, randomBytes } from 'node:crypto';
import { Registry } from 'prom-client';
import { LinkKeyring, type StoredVerifier, type VerifierCheck } from './link-keyring';
import { LinkMetrics } from './link-metrics';
import type { CreateLinkRequest } from './link-request';
import { LinksService } from './links.service';
import type { LastView, LinkMeta, NewLink, SecretOutcome, SecretUse, SecureLinkRepository } from './secure-link.repository';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const secret = randomBytes(32);
const verifier = createHash('sha256').update(secret).digest();
const ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const keyring = new LinkKeyring([{ id: 'p1', key: randomBytes(32) }]);
const sent = randomBytes(10);
// The row as stored for ID: keyed verifier, ciphertext wrapped under p1.
const row = keyring.protect(ID, verifier, sent);
const storedRow: StoredVerifier = { keyId: row.keyId, verifier: row.verifier };

const meta = (over: Partial<LinkMeta> = {}): LinkMeta => ({
  id: 'AAAAAAAAAAAAAAAAAAAAAA',
  tenantId: 'acme',
  messageId: 'm-1',
  keyMode: 'code',
  createdAt: new Date(NOW - 1000),
  expiresAt: new Date(NOW + 3600_000),
  maxViews: 3,
  views: 1,
  escrowKeyId: null,
  ...over,
});

function setup(outcome: SecretOutcome = { kind: 'unavailable' }, publishFails = false, lastView?: LastView) {
  const published: SecureLinkLifecycle[] = [];
  const inserted: NewLink[] = [];
  const matchesSeen: VerifierCheck[] = [];
  const lastViewVerifiers: StoredVerifier[][] = [];
  const publishedBeforeInsert: number[] = [];
  const repository = {
    insert: async (link: NewLink) => {
      publishedBeforeInsert.push(published.length);
      inserted.push(link);
    },
    takeLastView: async (_id: string, _now: Date, candidates: StoredVerifier[]) => {
      lastViewVerifiers.push(candidates);
      return lastView && candidates.some((c) => c.keyId === storedRow.keyId && c.verifier.equals(storedRow.verifier)) ? lastView : undefined;
    },
    useSecret: async (_id: string, _now: Date, check: (stored: StoredVerifier) => VerifierCheck, _use: SecretUse) => {
      matchesSeen.push(check(storedRow));
      return outcome;
    },
    revokeByCreator: async (_id: string, tenantId: string) => (tenantId === 'acme' ? meta() : undefined),
    find: async () => meta(),
  } as unknown as SecureLinkRepository;
  const publisher = new RecordingEventSink([registerHandler('secureLinkLifecycle', async (event) => void published.push(event))]);
  if (publishFails) publisher.failWith(new Error('broker down'));
  const registry = new Registry();
  const service = new LinksService(repository, publisher, new LinkMetrics(registry), { next: () => 'BBBBBBBBBBBBBBBBBBBBBA' }, { now: () => NOW }, { PUBLIC_BASE_URL: 'https://l.example', LINK_MAX_FAILED_CLAIMS: 5 }, keyring);
  return { service, published, inserted, matchesSeen, lastViewVerifiers, publishedBeforeInsert, registry };
}

const request: CreateLinkRequest = {
  ciphertext: randomBytes(64),
  algorithm: 'A256GCM-HKDF-SHA256-v1',
  accessVerifier: verifier,
  keyMode: 'device',
  ttlSeconds: 600,
  maxViews: 2,
  messageId: undefined,
  escrow: { keyId: 'esc-1', envelope: randomBytes(40) },
};

const counterValue = async (registry: Registry, name: string) => (await registry.getSingleMetric(name)!.get()).values.reduce((sum, v) => sum + v.value, 0);

// The warnings these tests provoke are expected; keep the output readable.
beforeAll(() => Logger.overrideLogger(false));

describe('LinksService', () => {
  it('creates a link and announces CREATED with metadata only, before it is stored', async () => {
    const { service, published, inserted, publishedBeforeInsert } = setup();
    const created = await service.create('acme', request);
    expect(publishedBeforeInsert).toEqual([1]);
    expect(created).toEqual({ id: 'BBBBBBBBBBBBBBBBBBBBBA', url: 'https://l.example/s/BBBBBBBBBBBBBBBBBBBBBA', expiresAt: '2026-11-23T12:10:00.000Z', maxViews: 2 });
    expect(inserted[0]).toMatchObject({ tenantId: 'acme', messageId: null, keyMode: 'device', escrowKeyId: 'esc-1', expiresAt: new Date(NOW + 600_000) });
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ type: SecureLinkEventType.CREATED, linkId: created.id, tenantId: 'acme', keyMode: KeyDeliveryMode.DEVICE_KEY, views: 0, maxViews: 2, escrowKeyId: 'esc-1', occurredAtMs: BigInt(NOW) });
    const bytes = JSON.stringify(published[0], (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
    expect(bytes).not.toContain(request.ciphertext.toString('base64'));
    expect(Object.keys(published[0]!)).not.toEqual(expect.arrayContaining(['ciphertext', 'accessVerifier']));
  });

  it('stores the verifier keyed and the ciphertext wrapped under the current pepper, never as sent', async () => {
    const { service, inserted } = setup();
    const created = await service.create('acme', request);
    const link = inserted[0]!;
    expect(link.pepperKeyId).toBe('p1');
    expect(link.accessVerifier.equals(request.accessVerifier)).toBe(false);
    expect(link.ciphertext.includes(request.ciphertext.subarray(0, 16))).toBe(false);
    expect(keyring.open(created.id, 'p1', link.ciphertext)).toEqual(request.ciphertext);
    expect(keyring.check(created.id, secret, { keyId: link.pepperKeyId, verifier: link.accessVerifier })).toBe('match');
  });

  it('fails the create when CREATED cannot be published (nothing stored unannounced)', async () => {
    const { service, inserted } = setup(undefined, true);
    await expect(service.create('acme', request)).rejects.toThrow('broker down');
    expect(inserted).toEqual([]);
  });

  it('serves a view (unwrapped), announces CLAIMED and checks the secret against the stored verifier', async () => {
    const { service, published, matchesSeen, registry } = setup({ kind: 'accepted', link: meta({ views: 2 }), ciphertext: row.ciphertext, pepperKeyId: 'p1', algorithm: 'alg', deleted: false });
    const claimed = await service.claim(ID, secret);
    expect(claimed).toEqual({ ciphertext: sent.toString('base64url'), algorithm: 'alg', keyMode: 'code', viewsRemaining: 1, expiresAt: '2026-11-23T13:00:00.000Z' });
    expect(matchesSeen).toEqual(['match']);
    expect(published.map((e) => [e.type, e.views])).toEqual([[SecureLinkEventType.CLAIMED, 2]]);
    expect(await counterValue(registry, 'switchback_secure_links_claimed_total')).toBe(1);
  });

  it('serves the last view in one step with the keyed digests of the presented secret, never taking the locked path', async () => {
    const { service, published, matchesSeen, lastViewVerifiers } = setup(undefined, false, { link: meta({ views: 3 }), ciphertext: row.ciphertext, pepperKeyId: 'p1', algorithm: 'alg' });
    expect(await service.claim(ID, secret)).toMatchObject({ ciphertext: sent.toString('base64url'), viewsRemaining: 0 });
    // Under each configured pepper, plus the unkeyed digest legacy rows hold.
    expect(lastViewVerifiers).toEqual([[storedRow, { keyId: null, verifier }]]);
    expect(matchesSeen).toEqual([]);
    expect(published.map((e) => [e.type, e.views])).toEqual([[SecureLinkEventType.CLAIMED, 3]]);
  });

  it('still serves the view when CLAIMED cannot be published (the ciphertext is already gone)', async () => {
    const { service, registry } = setup({ kind: 'accepted', link: meta({ views: 3 }), ciphertext: randomBytes(10), pepperKeyId: null, algorithm: 'alg', deleted: true }, true);
    expect(await service.claim('AAAAAAAAAAAAAAAAAAAAAA', secret)).toMatchObject({ viewsRemaining: 0 });
    expect(await counterValue(registry, 'switchback_secure_links_degraded_total')).toBe(1);
  });

  it('serves nothing when the stored ciphertext fails its at-rest check (altered in the database)', async () => {
    const altered = Buffer.from(row.ciphertext);
    altered[20] = altered[20]! ^ 1;
    const { service, registry } = setup({ kind: 'accepted', link: meta({ views: 3 }), ciphertext: altered, pepperKeyId: 'p1', algorithm: 'alg', deleted: true });
    expect(await service.claim(ID, secret)).toBeUndefined();
    expect(await counterValue(registry, 'switchback_secure_links_degraded_total')).toBe(1);
  });

  it('answers undefined for unavailable, wrong and burning claims; only a burn is announced', async () => {
    for (const outcome of [{ kind: 'unavailable' }, { kind: 'rejected' }] as const) {
      const { service, published } = setup(outcome);
      expect(await service.claim('AAAAAAAAAAAAAAAAAAAAAA', secret)).toBeUndefined();
      expect(published).toEqual([]);
    }
    const { service, published, registry } = setup({ kind: 'burned', link: meta() });
    expect(await service.claim('AAAAAAAAAAAAAAAAAAAAAA', randomBytes(32))).toBeUndefined();
    expect(published.map((e) => e.type)).toEqual([SecureLinkEventType.BURNED]);
    expect(await counterValue(registry, 'switchback_secure_links_burned_total')).toBe(1);
    expect(await counterValue(registry, 'switchback_secure_links_claim_rejected_total')).toBe(1);
  });

  it('revokes for the creator first, then for a holder, naming the actor', async () => {
    const creator = setup();
    expect(await creator.service.revoke('AAAAAAAAAAAAAAAAAAAAAA', { tenantId: 'acme' })).toBe(true);
    expect(creator.published.map((e) => [e.type, e.actor])).toEqual([[SecureLinkEventType.REVOKED, 'creator']]);

    const holder = setup({ kind: 'accepted', link: meta(), ciphertext: Buffer.alloc(0), pepperKeyId: null, algorithm: 'alg', deleted: true });
    expect(await holder.service.revoke('AAAAAAAAAAAAAAAAAAAAAA', { tenantId: 'globex', claimSecret: secret })).toBe(true);
    expect(holder.published.map((e) => [e.type, e.actor])).toEqual([[SecureLinkEventType.REVOKED, 'holder']]);

    const nobody = setup({ kind: 'rejected' });
    expect(await nobody.service.revoke('AAAAAAAAAAAAAAAAAAAAAA', { tenantId: 'globex' })).toBe(false);
    expect(await nobody.service.revoke('AAAAAAAAAAAAAAAAAAAAAA', { claimSecret: randomBytes(32) })).toBe(false);
    expect(nobody.published).toEqual([]);
  });
});
