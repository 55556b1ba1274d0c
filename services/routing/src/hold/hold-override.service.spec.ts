import { RoutingMetrics } from '../metrics/routing-metrics';
import type { EventPublisher } from '@switchback/bus';
import { ActionTaken, CapabilitySchema, Channel, create, SendRequestedSchema, TrafficType, type RoutingDecision } from '@switchback/contracts';
import { KeyedHasher } from '@switchback/crypto';
import { randomBytes } from 'node:crypto';
import { CohortAssigner } from '../cohort/cohort-assigner';
import type { PolicyStore } from '../policy/policy.store';
import { tenantPolicySchema } from '../policy/tenant-policy';
import type { HeldMessageEntity } from './held-message.entity';
import type { HeldMessageRepository, NewHeldMessage } from './held-message.repository';
import { HoldCipher } from './hold-cipher';
import { HoldOverrideService } from './hold-override.service';
import { HoldStore, type HoldableSend } from './hold.store';

const NOW = 1_800_000_000_000;
const TEXT = 'canary-7f3a: the vault code is 4921';

describe('HoldOverrideService', () => {
  const hasher = new KeyedHasher({ key: 'a-test-key-of-16-chars', keyId: 'k1' });
  const cipher = new HoldCipher({ id: 'h1', key: randomBytes(32) });
  let rows: Map<string, HeldMessageEntity>;
  let published: { topic: string; event: unknown }[];
  let policy = tenantPolicySchema.parse({});
  let failDispatch = false;
  const repository = {
    insert: async (row: NewHeldMessage) => void rows.set(row.messageId, { ...row, status: 'held', actor: null, overrideReason: null, resolvedAt: null }),
    find: async (_t: string, id: string) => (rows.get(id) ? { ...rows.get(id)! } : null),
    claim: async (_t: string, id: string, actor: string, reason: string, now: Date) => {
      const row = rows.get(id);
      if (row?.status !== 'held' || row.holdExpiresAt <= now) return false;
      Object.assign(row, { status: 'released', actor, overrideReason: reason });
      return true;
    },
    unclaim: async (_t: string, id: string) => void Object.assign(rows.get(id)!, { status: 'held', actor: null, overrideReason: null }),
    wipe: async (_t: string, id: string) => void Object.assign(rows.get(id)!, { recipientCiphertext: null, contentCiphertext: null }),
  } as unknown as HeldMessageRepository;
  const publisher = {
    publish: async (topic: string, event: unknown) => {
      if (failDispatch && topic.startsWith('dispatch')) throw new Error('broker down');
      published.push({ topic, event });
    },
  } as unknown as EventPublisher;
  const policies = { latest: async (tenantId: string) => ({ tenantId, version: 3, policy, actor: 'a', createdAt: null }) } as unknown as PolicyStore;
  const service = new HoldOverrideService(repository, cipher, policies, new CohortAssigner(hasher), publisher, { now: () => NOW }, { RCS_TTL_SECONDS: 300 }, new RoutingMetrics());
  const store = new HoldStore(repository, cipher);
  const request = { tenantId: 'acme', messageId: 'm-1', actor: 'alice', reason: 'customer confirmed by phone' };

  const hold = async (capability: Record<string, unknown>, expiresAt = NOW + 60_000) => {
    const send = create(SendRequestedSchema, { messageId: 'm-1', tenantId: 'acme', recipient: '+447700900123', content: { text: TEXT }, trafficType: TrafficType.ALERT, requestedAtMs: 5n }) as HoldableSend;
    const decision = { recipientHash: hasher.hash(send.recipient), contentFingerprint: 'f', sensitivity: 4, detectorIds: ['secret.x'], fallbackReason: 4, policyVersion: 2, decidedAtMs: BigInt(NOW - 1000), holdExpiresAtMs: BigInt(expiresAt) } as RoutingDecision;
    await store.hold(send, create(CapabilitySchema, { region: 'GB', ...capability }), decision);
  };

  beforeEach(() => {
    rows = new Map();
    published = [];
    policy = tenantPolicySchema.parse({});
    failDispatch = false;
  });

  it('dispatches the decrypted message, wipes it, and records who released it and why', async () => {
    await hold({ rcs: true });
    await expect(service.override(request)).resolves.toEqual({ messageId: 'm-1', channel: 'RCS', actionTaken: 'USER_OVERRIDE' });
    expect(published.map((p) => p.topic)).toEqual(['dispatchRcs', 'routingDecision']);
    expect(published[0]!.event).toMatchObject({ recipient: '+447700900123', content: { text: TEXT }, channel: Channel.RCS, leg: 1, ttlSeconds: 300, requestedAtMs: 5n });
    expect(published[1]!.event).toMatchObject({ actionTaken: ActionTaken.USER_OVERRIDE, actor: 'alice', overrideReason: request.reason, channel: Channel.RCS, policyVersion: 3 });
    expect(JSON.stringify(published[1]!.event, (_k, v: unknown) => (typeof v === 'bigint' ? 0 : v))).not.toContain('canary');
    expect(rows.get('m-1')).toMatchObject({ status: 'released', recipientCiphertext: null, contentCiphertext: null });
  });

  it('releases only once', async () => {
    await hold({});
    await service.override(request);
    await expect(service.override(request)).rejects.toMatchObject({ refusal: 'released' });
    expect(published.filter((p) => p.topic === 'dispatchSms')).toHaveLength(1);
  });

  it.each([
    ['an unknown message', async () => undefined, 'not_found'],
    ['a hold past its deadline the sweeper has not reached', () => hold({}, NOW), 'expired'],
  ])('refuses %s', async (_label, arrange, refusal) => {
    await arrange();
    await expect(service.override(request)).rejects.toMatchObject({ refusal });
    expect(published).toEqual([]);
  });

  it('refuses with no_channel when the policy forbids SMS and RCS is out, leaving the hold intact', async () => {
    policy = tenantPolicySchema.parse({ smsAllowed: false });
    await hold({ rcs: false });
    await expect(service.override(request)).rejects.toMatchObject({ refusal: 'no_channel' });
    expect(rows.get('m-1')).toMatchObject({ status: 'held', recipientCiphertext: expect.any(Buffer) });
  });

  it('gives the hold back when the dispatch cannot be published', async () => {
    await hold({});
    failDispatch = true;
    await expect(service.override(request)).rejects.toThrow('broker down');
    expect(rows.get('m-1')).toMatchObject({ status: 'held', actor: null, contentCiphertext: expect.any(Buffer) });
    expect(published).toEqual([]);
  });
});
