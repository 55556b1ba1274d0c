import { Registry } from 'prom-client';
import { histogramSeries } from '../metrics/histogram-series';
import { RoutingMetrics } from '../metrics/routing-metrics';
import type { EventPublisher } from '@switchback/bus';
import {
  ActionTaken,
  CapabilitySchema,
  Channel,
  create,
  E2eeCapability,
  FallbackReason,
  KeyDeliveryMode,
  SendRequestedSchema,
  SendResolvedSchema,
  Sensitivity,
  TrafficType,
  type RoutingDecision,
} from '@switchback/contracts';
import { KeyedHasher } from '@switchback/crypto';
import { classify } from '@switchback/sensitivity';
import { CohortAssigner } from '../cohort/cohort-assigner';
import type { PolicyStore } from '../policy/policy.store';
import { tenantPolicySchema } from '../policy/tenant-policy';
import { RouteSendService } from './route-send.service';
import type { HoldStore } from '../hold/hold.store';
import type { MessageLedger } from '../messages/message-ledger';
import type { LifecycleService } from '../lifecycle/lifecycle.service';
import { CircuitView } from './circuit-view';
import { LegPublisher } from './leg-publisher';
import { SendEvaluator } from './send-evaluator';
import { ContentFingerprinter } from '../fingerprint/content-fingerprinter';
import { MemoryFingerprintSeeds } from '../fingerprint/memory-fingerprint-seeds';

const NOW = 1_800_000_000_000;
const TEXT_PLAIN = 'Your parcel arrives tomorrow between 9 and 12.';
// An AWS-style access key id (a well-known documentation example, not a real key).
const TEXT_SECRET = 'Use key AKIAIOSFODNN7EXAMPLE for the bucket';
const RECIPIENT = '+447700900123';

describe('RouteSendService', () => {
  const hasher = new KeyedHasher({ key: 'a-test-key-of-16-chars', keyId: 'k1' });
  let published: { topic: string; event: Record<string, unknown> }[];
  let policy = tenantPolicySchema.parse({});
  const publisher = { publish: jest.fn(async (topic: string, event: Record<string, unknown>) => void published.push({ topic, event })) };
  const policies = { latest: jest.fn(async (tenantId: string) => ({ tenantId, version: 7, policy, actor: 'alice', createdAt: null })) };
  const ledger = { recordDecision: jest.fn(async () => undefined) };
  const holds = { hold: jest.fn(async () => undefined) };
  // Records when the lifecycle was opened relative to the publishes: it must come first.
  const lifecycle = { open: jest.fn(async () => void published.push({ topic: '(lifecycle opened)', event: {} })) };
  let openCircuits = new Set<Channel>();
  const circuits = { isOpen: async (channel: Channel) => openCircuits.has(channel) };
  const registry = new Registry();
  const clock = { now: () => NOW };
  const fingerprints = new ContentFingerprinter(new MemoryFingerprintSeeds(), { CONTENT_FINGERPRINT_KEYS: [{ id: 'f1', key: Buffer.alloc(32, 3) }], CONTENT_FINGERPRINT_CACHE_S: 300 }, clock);
  const service = new RouteSendService(
    publisher as unknown as EventPublisher,
    hasher,
    new SendEvaluator(policies as unknown as PolicyStore, new CohortAssigner(hasher), new CircuitView(circuits, clock, { CIRCUIT_CACHE_MS: 0 }), classify, clock),
    new LegPublisher(publisher as unknown as EventPublisher, { RCS_TTL_SECONDS: 300 }),
    ledger as unknown as MessageLedger,
    holds as unknown as HoldStore,
    lifecycle as unknown as LifecycleService,
    new RoutingMetrics(registry),
    // Routing's clock after the hold is sealed: 20 ms after the decision (the evaluator's clock says NOW).
    { now: () => NOW + 20 },
    fingerprints,
  );
  const resolved = (text: string, capability: Record<string, unknown>, send: Record<string, unknown> = {}) =>
    create(SendResolvedSchema, {
      send: create(SendRequestedSchema, { messageId: 'm-1', tenantId: 'acme', recipient: RECIPIENT, content: { text }, trafficType: TrafficType.TRANSACTIONAL, requestedAtMs: 5n, ...send }),
      capability: create(CapabilitySchema, { region: 'GB', carrier: 'EE', ...capability }),
    });
  const topics = () => published.map((p) => p.topic).filter((topic) => !topic.startsWith('('));
  const decision = () => published.find((p) => p.topic === 'routingDecision')!.event as unknown as RoutingDecision;

  beforeEach(() => {
    published = [];
    policy = tenantPolicySchema.parse({});
    openCircuits = new Set();
  });

  it('opens the lifecycle of the legs before any leg is published', async () => {
    await service.route(resolved(TEXT_PLAIN, { rcs: true }));
    expect(published[0]!.topic).toBe('(lifecycle opened)');
    expect(lifecycle.open).toHaveBeenCalledWith(expect.objectContaining({ messageId: 'm-1' }), expect.anything(), expect.anything(), { legs: [{ leg: 1, channel: Channel.RCS }], lastLeg: 1 }, hasher.hash(RECIPIENT));
  });

  it('skips a channel whose circuit is open: plain content moves down to SMS, naming CIRCUIT_OPEN', async () => {
    openCircuits = new Set([Channel.RCS]);
    await service.route(resolved(TEXT_PLAIN, { rcs: true }));
    expect(topics().sort()).toEqual(['dispatchSms', 'routingDecision']);
    expect(decision()).toMatchObject({ channel: Channel.SMS, actionTaken: ActionTaken.SENT_PLAIN, fallbackReason: FallbackReason.CIRCUIT_OPEN, leg: 1 });
  });

  it('stamps the tenant\'s residency regions on every leg and secure link, and none for a tenant without residency', async () => {
    policy = tenantPolicySchema.parse({ residency: { regions: ['EU'] }, otpHandling: 'sms_first', otpDualDelivery: true });
    await service.route(resolved(TEXT_PLAIN, { rcs: true }));
    expect(published.find((p) => p.topic === 'dispatchRcs')!.event).toMatchObject({ connectorRegions: ['EU'] });
    published = [];
    openCircuits = new Set([Channel.RCS]);
    await service.route(resolved(TEXT_PLAIN, { rcs: true }));
    expect(published.find((p) => p.topic === 'dispatchSms')!.event).toMatchObject({ connectorRegions: ['EU'] });
    published = [];
    openCircuits = new Set();
    await service.route(resolved(TEXT_SECRET, { rcs: true }));
    expect(published.find((p) => p.topic === 'dispatchSecureLink')!.event).toMatchObject({ connectorRegions: ['EU'] });
    published = [];
    policy = tenantPolicySchema.parse({});
    await service.route(resolved(TEXT_PLAIN, { rcs: true }));
    expect(published.find((p) => p.topic === 'dispatchRcs')!.event).toMatchObject({ connectorRegions: [] });
  });

  it('sends a secret whose only E2EE rung has an open circuit as a secure link, never plaintext', async () => {
    openCircuits = new Set([Channel.RCS_E2EE]);
    await service.route(resolved(TEXT_SECRET, { rcs: true, rcsE2ee: true }));
    expect(topics().sort()).toEqual(['dispatchSecureLink', 'routingDecision']);
    expect(decision()).toMatchObject({ actionTaken: ActionTaken.SECURE_LINK_CREATED, fallbackReason: FallbackReason.CIRCUIT_OPEN });
  });

  it('sends plain content over RCS and records a decision with every field, without the text or number', async () => {
    await service.route(resolved(TEXT_PLAIN, { rcs: true }));
    expect(topics().sort()).toEqual(['dispatchRcs', 'routingDecision']);
    expect(published.find((p) => p.topic === 'dispatchRcs')!.event).toMatchObject({ channel: Channel.RCS, leg: 1, ttlSeconds: 300, content: { text: TEXT_PLAIN } });
    expect(decision()).toMatchObject({
      messageId: 'm-1',
      tenantId: 'acme',
      recipientHash: hasher.hash(RECIPIENT),
      channel: Channel.RCS,
      actionTaken: ActionTaken.SENT_PLAIN,
      fallbackReason: FallbackReason.NONE,
      e2eeCapability: E2eeCapability.UNAVAILABLE,
      sensitivity: Sensitivity.NORMAL,
      detectorIds: [],
      policyVersion: 7,
      cohort: 'default',
      contentFingerprint: await fingerprints.of('acme', TEXT_PLAIN),
      trafficType: TrafficType.TRANSACTIONAL,
      dualChannel: Channel.UNSPECIFIED,
      region: 'GB',
      carrier: 'EE',
      decidedAtMs: BigInt(NOW),
      holdExpiresAtMs: 0n,
    });
    // The fingerprint is the tenant's content key, never the recipient key (audit rows keep it for good).
    expect(decision()['contentFingerprint']).not.toBe(hasher.hash(TEXT_PLAIN));
    const recorded = JSON.stringify(decision(), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    expect(recorded).not.toContain('parcel');
    expect(recorded).not.toContain('7700900');
  });

  it('turns a secret with no E2EE path into a secure link request, never a plain dispatch', async () => {
    await service.route(resolved(TEXT_SECRET, { rcs: true }));
    expect(topics().sort()).toEqual(['dispatchSecureLink', 'routingDecision']);
    expect(published.find((p) => p.topic === 'dispatchSecureLink')!.event).toMatchObject({ channel: Channel.RCS, keyMode: KeyDeliveryMode.FRAGMENT, ttlSeconds: 3600, maxViews: 1, leg: 1 });
    expect(decision()).toMatchObject({ actionTaken: ActionTaken.SECURE_LINK_CREATED, sensitivity: Sensitivity.SECRET, detectorIds: [expect.stringMatching(/^secret\./)] });
    expect(JSON.stringify(decision().detectorIds)).not.toContain('AKIA');
  });

  it('counts each decision by tenant, traffic type, sensitivity, channel, action and reason', async () => {
    registry.resetMetrics();
    await service.route(resolved(TEXT_SECRET, { rcs: false }));
    const values = (await registry.getSingleMetric('switchback_routing_decisions_total')!.get()).values;
    expect(values).toEqual([{ value: 1, labels: { tenant: 'acme', traffic_type: 'transactional', sensitivity: 'secret', channel: 'sms', action: 'secure_link_created', reason: expect.any(String), cohort: expect.any(String), policy_exception: 'none' } }]);
  });

  it('sends a secret over RCS E2EE when the recipient has it', async () => {
    await service.route(resolved(TEXT_SECRET, { rcs: true, rcsE2ee: true }));
    expect(published.find((p) => p.topic === 'dispatchRcs')!.event).toMatchObject({ channel: Channel.RCS_E2EE });
    expect(decision()).toMatchObject({ actionTaken: ActionTaken.SENT_E2EE, e2eeCapability: E2eeCapability.AVAILABLE });
  });

  it('treats a SENSITIVE claim like a confidential label', async () => {
    await service.route(resolved(TEXT_PLAIN, {}, { sensitivity: Sensitivity.SENSITIVE }));
    expect(topics().sort()).toEqual(['dispatchSecureLink', 'routingDecision']);
    expect(decision()).toMatchObject({ sensitivity: Sensitivity.SECRET, detectorIds: ['label.confidential'] });
  });

  it('publishes only the decision for a block, with the hold expiry', async () => {
    policy = tenantPolicySchema.parse({ onSensitive: 'block', holdTtlSeconds: 3600 });
    await service.route(resolved(TEXT_SECRET, {}));
    expect(topics()).toEqual(['routingDecision']);
    expect(decision()).toMatchObject({ actionTaken: ActionTaken.BLOCKED, channel: Channel.UNSPECIFIED, fallbackReason: FallbackReason.POLICY_BLOCKED, holdExpiresAtMs: BigInt(NOW + 3_600_000) });
    // The secret is mitigated by the hold: timed from the decision to the sealed hold.
    expect(await histogramSeries(registry, 'switchback_fallback_mitigation_seconds')).toEqual([{ labels: { mitigation: 'held', sensitivity: 'secret' }, count: 1, sum: 0.02 }]);
  });

  it('adds an SMS second leg for a pilot recipient', async () => {
    policy = tenantPolicySchema.parse({ rollout: { mode: 'pilot', pilotPercent: 100 } });
    await service.route(resolved(TEXT_PLAIN, { rcs: true }));
    expect(published.filter((p) => p.topic.startsWith('dispatch')).map((p) => [p.topic, p.event['leg']])).toEqual([
      ['dispatchRcs', 1],
      ['dispatchSms', 2],
    ]);
    expect(decision()).toMatchObject({ cohort: 'pilot', dualChannel: Channel.SMS });
  });

  it('hands in-app E2EE to the payload store sealed to the device key', async () => {
    await service.route(resolved(TEXT_SECRET, { inappE2ee: true }));
    expect(published.find((p) => p.topic === 'dispatchSecureLink')!.event).toMatchObject({ channel: Channel.INAPP_E2EE, keyMode: KeyDeliveryMode.DEVICE_KEY });
    expect(decision()).toMatchObject({ channel: Channel.INAPP_E2EE, actionTaken: ActionTaken.SENT_E2EE });
  });

  it('rejects a send without a recipient as permanent', async () => {
    await expect(service.route(resolved(TEXT_PLAIN, {}, { recipient: '' }))).rejects.toMatchObject({ code: 'malformed_send', retriable: false });
    expect(published).toEqual([]);
  });
});
