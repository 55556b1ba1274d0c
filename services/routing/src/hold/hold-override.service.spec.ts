import { SpanKind, trace } from '@opentelemetry/api';
import { installInMemoryTracing } from '@switchback/testing';
import { RoutingMetrics } from '../metrics/routing-metrics';
import type { EventPublisher } from '@switchback/bus';
import { ActionTaken, CapabilitySchema, Channel, create, FallbackReason, SendRequestedSchema, Sensitivity, TrafficType, type RoutingDecision } from '@switchback/contracts';
import { KeyedHasher } from '@switchback/crypto';
import { randomBytes } from 'node:crypto';
import { CohortAssigner } from '../cohort/cohort-assigner';
import type { LifecycleService, ReleasedLeg } from '../lifecycle/lifecycle.service';
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
  let published: { topic: string; event: unknown; traceId?: string }[];
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
      published.push({ topic, event, traceId: trace.getActiveSpan()?.spanContext().traceId });
    },
  } as unknown as EventPublisher;
  // The lifecycle records when it was opened relative to the publishes: before the dispatch.
  let released: ReleasedLeg[];
  let discarded: string[];
  const lifecycle = {
    openReleased: async (release: ReleasedLeg) => {
      released.push(release);
      published.push({ topic: '(lifecycle opened)', event: {} });
    },
    discard: async (messageId: string) => void discarded.push(messageId),
  } as unknown as LifecycleService;
  const policies = { latest: async (tenantId: string) => ({ tenantId, version: 3, policy, actor: 'a', createdAt: null }) } as unknown as PolicyStore;
  const service = new HoldOverrideService(repository, cipher, policies, new CohortAssigner(hasher), publisher, { now: () => NOW }, { RCS_TTL_SECONDS: 300 }, new RoutingMetrics(), lifecycle);
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
    released = [];
    discarded = [];
    policy = tenantPolicySchema.parse({});
    failDispatch = false;
  });

  it('dispatches the decrypted message, wipes it, and records who released it and why', async () => {
    await hold({ rcs: true });
    await expect(service.override(request)).resolves.toEqual({ messageId: 'm-1', channel: 'RCS', actionTaken: 'USER_OVERRIDE' });
    expect(published.map((p) => p.topic)).toEqual(['(lifecycle opened)', 'dispatchRcs', 'routingDecision']);
    published.shift();
    expect(published[0]!.event).toMatchObject({ recipient: '+447700900123', content: { text: TEXT }, channel: Channel.RCS, leg: 1, ttlSeconds: 300, requestedAtMs: 5n });
    expect(published[1]!.event).toMatchObject({ actionTaken: ActionTaken.USER_OVERRIDE, actor: 'alice', overrideReason: request.reason, channel: Channel.RCS, policyVersion: 3 });
    expect(JSON.stringify(published[1]!.event, (_k, v: unknown) => (typeof v === 'bigint' ? 0 : v))).not.toContain('canary');
    expect(rows.get('m-1')).toMatchObject({ status: 'released', recipientCiphertext: null, contentCiphertext: null });
  });

  it('releases in the trace the send was held in, linked to the override request', async () => {
    const tracing = installInMemoryTracing();
    try {
      const tracer = trace.getTracer('test');
      // Held while routing the send (trace T), released later by an HTTP request (its own trace).
      const heldTrace = await tracer.startActiveSpan('process sb.send.resolved', { kind: SpanKind.CONSUMER, root: true }, async (span) => {
        await hold({ rcs: true });
        span.end();
        return span.spanContext().traceId;
      });
      const requestSpan = await tracer.startActiveSpan('POST /v1/messages/:id/override', { kind: SpanKind.SERVER, root: true }, async (span) => {
        await service.override(request);
        span.end();
        return span.spanContext();
      });
      expect(requestSpan.traceId).not.toBe(heldTrace);
      expect(published.filter((p) => p.topic !== '(lifecycle opened)').map((p) => [p.topic, p.traceId])).toEqual([
        ['dispatchRcs', heldTrace],
        ['routingDecision', heldTrace],
      ]);
      const release = tracing.spans().find((s) => s.name === 'lifecycle hold_override');
      expect(release?.attributes).toEqual({ 'sb.message_id': 'm-1', 'sb.lifecycle.action': 'hold_override' });
      expect(release?.links.map((link) => link.context.spanId)).toEqual([requestSpan.spanId]);
    } finally {
      await tracing.shutdown();
    }
  });

  it('releases only once', async () => {
    await hold({});
    await service.override(request);
    await expect(service.override(request)).rejects.toMatchObject({ refusal: 'released' });
    expect(published.filter((p) => p.topic === 'dispatchSms')).toHaveLength(1);
    expect(released).toHaveLength(1);
  });

  it('hands the released leg to the lifecycle with the send a failover would re-route: sensitive verdict kept as a sensitive claim', async () => {
    await hold({ rcs: true });
    await service.override(request);
    expect(released).toHaveLength(1);
    const release = released[0]!;
    expect(release).toMatchObject({ channel: Channel.RCS, fallbackReason: FallbackReason.POLICY_BLOCKED, recipientHash: hasher.hash('+447700900123'), nowMs: NOW, capability: expect.objectContaining({ rcs: true, region: 'GB' }) });
    // The held verdict was SECRET: a failover re-runs the policy as if the sender had claimed it sensitive.
    expect(release.send).toMatchObject({ messageId: 'm-1', tenantId: 'acme', recipient: '+447700900123', content: { text: TEXT }, trafficType: TrafficType.ALERT, requestedAtMs: 5n, sensitivity: Sensitivity.SENSITIVE });
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
    expect(published.filter((p) => p.topic !== '(lifecycle opened)')).toEqual([]);
    // The lifecycle opened for the leg that never went out is forgotten.
    expect(discarded).toEqual(['m-1']);
  });
});
