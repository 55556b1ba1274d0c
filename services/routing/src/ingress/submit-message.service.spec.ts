import { RecordingEventSink, registerHandler } from '@switchback/bus';
import type { SendRequested } from '@switchback/contracts';
import { KeyedHasher } from '@switchback/crypto';
import { ProblemException } from '@switchback/runtime';
import type { AcceptedResponse, IdempotencyRecord, IdempotencyStore } from './idempotency.store';
import { bodyHash, type MessageRequest } from './message-request';
import { SubmitMessageService } from './submit-message.service';

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
  let store: FakeStore;
  let published: { topic: string; event: SendRequested; key: string }[];
  let publisher: RecordingEventSink;
  let service: SubmitMessageService;
  let n: number;
  let nowMs: number;

  beforeEach(() => {
    store = new FakeStore();
    published = [];
    n = 0;
    nowMs = 5_000;
    publisher = new RecordingEventSink([registerHandler('sendRequested', async (event, context) => void published.push({ topic: context.topic, event, key: context.key ?? '' }))]);
    service = new SubmitMessageService(store, { next: () => `id-${++n}` }, publisher, hasher, { now: () => nowMs }, { INGRESS_STALE_AFTER_MS: 30_000 });
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
});
