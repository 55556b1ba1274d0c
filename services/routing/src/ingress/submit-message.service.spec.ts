import { RecordingEventSink, registerHandler } from '@switchback/bus';
import type { SendRequested } from '@switchback/contracts';
import { KeyedHasher } from '@switchback/crypto';
import { ProblemException } from '@switchback/runtime';
import type { AcceptedResponse, IdempotencyRecord, IdempotencyStore } from './idempotency.store';
import { createHash } from 'node:crypto';
import { IdempotencyBodyHasher } from './idempotency-body-hasher';
import { bodyDigest, type MessageRequest } from './message-request';
import { SubmitMessageService } from './submit-message.service';
import type { PolicyStore } from '../policy/policy.store';
import { DEFAULT_TENANT_POLICY, tenantPolicySchema, type TenantPolicy } from '../policy/tenant-policy';
import { RelayCodes } from '../secure-link/relay-code';

const HOLD_KEY = Buffer.alloc(32, 7);
const relayCodes = new RelayCodes({ HOLD_ENCRYPTION_KEY: HOLD_KEY, HOLD_ENCRYPTION_KEY_ID: 'h1', HOLD_PREVIOUS_KEYS: [] });
const SENDER_RELAYS = tenantPolicySchema.parse({ secureLink: { keyMode: 'second_channel_code', codeDelivery: 'sender' } });

/** In-memory IdempotencyStore with the same insert-if-absent rule as the SQL. */
class FakeStore implements IdempotencyStore {
  readonly rows = new Map<string, { bodySha256: string; state: 'in_progress' | 'done'; response: AcceptedResponse | null; messageId: string; at: number }>();
  async begin(tenantId: string, key: string, bodySha256: string, messageId: string, at: Date): Promise<boolean> {
    if (this.rows.has(`${tenantId}/${key}`)) return false;
    this.rows.set(`${tenantId}/${key}`, { bodySha256, state: 'in_progress', response: null, messageId, at: at.getTime() });
    return true;
  }
  async takeOver(tenantId: string, key: string, bodySha256: string, staleBefore: Date, at: Date): Promise<string | undefined> {
    const row = this.rows.get(`${tenantId}/${key}`);
    if (!row || row.state !== 'in_progress' || row.bodySha256 !== bodySha256 || row.at >= staleBefore.getTime()) return undefined;
    row.at = at.getTime();
    return row.messageId;
  }
  async find(tenantId: string, key: string): Promise<IdempotencyRecord | undefined> {
    return this.rows.get(`${tenantId}/${key}`);
  }
  async complete(tenantId: string, key: string, response: AcceptedResponse): Promise<void> {
    const row = this.rows.get(`${tenantId}/${key}`)!;
    row.state = 'done';
    row.response = response;
  }
  async release(tenantId: string, key: string): Promise<void> {
    this.rows.delete(`${tenantId}/${key}`);
  }
}

describe('SubmitMessageService', () => {
  const hasher = new KeyedHasher({ key: 'unit-test-key-0123456789', keyId: 'k1' });
  const body: MessageRequest = { to: '+447700900123', text: 'Your code is 123456' };
  const bodyKeys = { IDEMPOTENCY_BODY_KEYS: [{ id: 'i1', key: Buffer.alloc(32, 4) }] };
  const bodies = new IdempotencyBodyHasher(bodyKeys);
  const bodyHash = (request: MessageRequest) => bodies.hash(request);
  let store: FakeStore;
  let published: { topic: string; event: SendRequested; key: string }[];
  let publisher: RecordingEventSink;
  let service: SubmitMessageService;
  let n: number;
  let nowMs: number;
  let policies: Map<string, TenantPolicy>;
  const make = (withBodies = bodies) =>
    new SubmitMessageService(store, { next: () => `id-${++n}` }, publisher, hasher, { now: () => nowMs }, { INGRESS_STALE_AFTER_MS: 30_000 }, {
      latest: async (tenantId: string) => ({ tenantId, version: 1, policy: policies.get(tenantId) ?? DEFAULT_TENANT_POLICY, actor: 'test', createdAt: null }),
    } as unknown as PolicyStore, relayCodes, withBodies);

  beforeEach(() => {
    policies = new Map();
    store = new FakeStore();
    published = [];
    n = 0;
    nowMs = 5_000;
    publisher = new RecordingEventSink([registerHandler('sendRequested', async (event, context) => void published.push({ topic: context.topic, event, key: context.key ?? '' }))]);
    service = make();
  });

  const statusOf = async (promise: Promise<unknown>): Promise<number> => {
    try {
      await promise;
    } catch (error) {
      if (error instanceof ProblemException) return error.problem.status;
      throw error;
    }
    return 200;
  };

  it('publishes one SendRequested keyed by the recipient hash, and stores only the body hash', async () => {
    expect(await service.submit('acme', 'k-1', body)).toEqual({ messageId: 'id-1', status: 'accepted' });
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ topic: 'sendRequested', key: hasher.hash(body.to), event: { messageId: 'id-1', tenantId: 'acme', recipient: body.to, requestedAtMs: 5000n } });
    const stored = JSON.stringify([...store.rows.values()]);
    expect(stored).not.toContain(body.to);
    expect(stored).not.toContain(body.text);
  });

  it('stores a keyed body hash that nobody can reproduce from number and text without the key (no dictionary of codes)', async () => {
    await service.submit('acme', 'k-1', body);
    const stored = store.rows.get('acme/k-1')!.bodySha256;
    expect(stored).toMatch(/^i1:[0-9a-f]{64}$/);
    // Today's attacker with a dump: enumerate the 10^6 codes to the known number, SHA-256 each.
    const guess = (code: string) => createHash('sha256').update(JSON.stringify([body.to, `Your code is ${code}`, null, [], false])).digest('hex');
    expect([guess('123455'), guess('123456'), guess('123457')]).not.toContain(stored);
    expect([guess('123456'), bodyDigest(body)].map((digest) => [digest, `i1:${digest}`]).flat()).not.toContain(stored);
    // Another key (another deployment, or the recipient-hash key) gives another value.
    expect(new IdempotencyBodyHasher({ IDEMPOTENCY_BODY_KEYS: [{ id: 'i1', key: Buffer.alloc(32, 5) }] }).hash(body)).not.toBe(stored);
  });

  it('still recognises a replay after the body key rotated, and a legacy (pre-HMAC) row until it is re-keyed', async () => {
    await service.submit('acme', 'k-1', body);
    const rotated = new IdempotencyBodyHasher({ IDEMPOTENCY_BODY_KEYS: [{ id: 'i2', key: Buffer.alloc(32, 6) }, ...bodyKeys.IDEMPOTENCY_BODY_KEYS] });
    const afterRotation = make(rotated);
    expect(await afterRotation.submit('acme', 'k-1', body)).toEqual({ messageId: 'id-1', status: 'accepted' });
    expect(await statusOf(afterRotation.submit('acme', 'k-1', { ...body, text: 'other' }))).toBe(422);
    expect(rotated.hash(body)).toMatch(/^i2:/);

    await store.begin('acme', 'legacy', bodyDigest(body), 'id-legacy', new Date(nowMs));
    await store.complete('acme', 'legacy', { messageId: 'id-legacy', status: 'accepted' });
    expect(await service.submit('acme', 'legacy', body)).toEqual({ messageId: 'id-legacy', status: 'accepted' });
    // Re-keyed in place (the maintenance sweep), the row holds exactly what a new request stores.
    expect(bodies.rekey(bodyDigest(body))).toBe(bodies.hash(body));
    expect(published).toHaveLength(1);
  });

  it('answers a replay with the same body with the same message id, without publishing again', async () => {
    const first = await service.submit('acme', 'k-1', body);
    expect(await service.submit('acme', 'k-1', { text: body.text, to: body.to })).toEqual(first);
    expect(published).toHaveLength(1);
  });

  it('rejects the same key with another body with 422', async () => {
    await service.submit('acme', 'k-1', body);
    expect(await statusOf(service.submit('acme', 'k-1', { ...body, text: 'other' }))).toBe(422);
    expect(published).toHaveLength(1);
  });

  it('answers 409 while the first request with the key is still in progress', async () => {
    await store.begin('acme', 'k-1', bodyHash(body), 'id-first', new Date(nowMs));
    nowMs += 29_000;
    expect(await statusOf(service.submit('acme', 'k-1', body))).toBe(409);
    expect(published).toHaveLength(0);
  });

  it('takes over a request stranded in progress and republishes it under its first message id', async () => {
    await store.begin('acme', 'k-1', bodyHash(body), 'id-first', new Date(nowMs));
    nowMs += 31_000;
    expect(await service.submit('acme', 'k-1', body)).toEqual({ messageId: 'id-first', status: 'accepted' });
    expect(published.map((p) => p.event.messageId)).toEqual(['id-first']);
    // Done now: a later replay answers from the record.
    expect(await service.submit('acme', 'k-1', body)).toEqual({ messageId: 'id-first', status: 'accepted' });
    expect(published).toHaveLength(1);
  });

  it('never takes over a stranded key with another body', async () => {
    await store.begin('acme', 'k-1', bodyHash(body), 'id-first', new Date(nowMs));
    nowMs += 31_000;
    expect(await statusOf(service.submit('acme', 'k-1', { ...body, text: 'other' }))).toBe(422);
    expect(published).toHaveLength(0);
  });

  it('keeps keys apart per tenant', async () => {
    await service.submit('acme', 'k-1', body);
    expect(await service.submit('globex', 'k-1', { ...body, text: 'other' })).toEqual({ messageId: 'id-2', status: 'accepted' });
  });

  it('releases the key when publishing fails, so a retry goes through', async () => {
    publisher.failWith(new Error('broker down'));
    await expect(service.submit('acme', 'k-1', body)).rejects.toThrow('broker down');
    expect(store.rows.size).toBe(0);
    publisher.failWith(undefined);
    expect(await service.submit('acme', 'k-1', body)).toEqual({ messageId: 'id-2', status: 'accepted' });
  });

  describe('when the tenant has senders relay second-channel codes', () => {
    beforeEach(() => policies.set('acme', SENDER_RELAYS));

    it('answers the code once, puts only its key id on the bus and stores no code', async () => {
      const accepted = await service.submit('acme', 'k-1', body);
      expect(accepted).toEqual({ messageId: 'id-1', status: 'accepted', secureLinkCode: expect.stringMatching(/^[2-9A-HJKMNP-TW-Z]{8}$/) });
      // The dispatcher derives the very same code from the key id, later, without it being stored.
      expect(relayCodes.derive('acme', 'id-1', 'h1')).toBe(accepted.secureLinkCode);
      expect(published[0]!.event.codeRelayKeyId).toBe('h1');
      expect(JSON.stringify(published[0]!.event, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(accepted.secureLinkCode!);
      expect(JSON.stringify([...store.rows.values()])).not.toContain(accepted.secureLinkCode!);
      // A replay answers from the stored record: no code a second time.
      expect(await service.submit('acme', 'k-1', body)).toEqual({ messageId: 'id-1', status: 'accepted' });
    });

    it('gives each message its own code, and none to tenants whose links carry the code themselves', async () => {
      const first = await service.submit('acme', 'k-1', body);
      const second = await service.submit('acme', 'k-2', body);
      expect(first.secureLinkCode).not.toBe(second.secureLinkCode);
      policies.set('globex', tenantPolicySchema.parse({ secureLink: { keyMode: 'second_channel_code' } }));
      expect(await service.submit('globex', 'k-1', body)).toEqual({ messageId: 'id-3', status: 'accepted' });
      expect(published[2]!.event.codeRelayKeyId).toBe('');
    });
  });
});
