import { ChannelBreakers } from '@switchback/circuit';
import { Channel, create, DeliveryStatus, DispatchCommandSchema, FailureClass, type DispatchCommand } from '@switchback/contracts';
import { KeyedHasher } from '@switchback/crypto';
import { Registry } from 'prom-client';
import { rcsGatewayConfigSchema } from '../config/rcs-gateway.config';
import type { AgentThrottle } from '../limits/agent-throttle';
import { RcsMetrics } from '../metrics/rcs-metrics';
import type { RbmAgentClient, RbmSendRequest } from '../rbm/rbm-agent.client';
import type { RbmVerdict } from '../rbm/rbm-error.table';
import { rbmMessageId } from '../rbm/rbm-message-id';
import { RbmUnavailableException } from '../rbm/rbm.exception';
import { HubCircuit, rcsHubs } from './hub-circuit';
import type { LegRecord, LegStore } from './leg-store';
import type { OutcomePublisher } from './outcome.publisher';
import { RcsSendService } from './rcs-send.service';

const config = rcsGatewayConfigSchema.parse({
  IDENTIFIER_HASH_KEY: 'unit-test-key-0123456789',
  RBM_AUTH: 'none', HUB_BASE_URL: 'http://127.0.0.1:1',
  RBM_CLIENT_TOKEN: 'client-token',
  RBM_AGENT_ID: 'agent-1',
  RBM_SUGGEST_OPEN_URL: 'true',
  BUS_RETRY_DELAYS_MS: '100,200',
});

const PATH = 'rcs:agent-1@127.0.0.1:1';

function setup(answers: RbmVerdict[], cfg = config) {
  let now = 1_000_000;
  const requests: RbmSendRequest[] = [];
  /** The base URL of the hub each call went to. */
  const hubsCalled: string[] = [];
  const client = {
    send: async (hub: { baseUrl: string }, request: RbmSendRequest) => (hubsCalled.push(hub.baseUrl), requests.push(request), answers.shift() ?? { kind: 'accepted' }),
  } as unknown as RbmAgentClient;
  const stored = new Map<string, LegRecord>();
  const legs = {
    open: async (record: LegRecord) => stored.get(record.rbmMessageId) ?? (stored.set(record.rbmMessageId, record), record),
    update: async (record: LegRecord, change: Partial<LegRecord>) => {
      const next = { ...record, ...change };
      stored.set(record.rbmMessageId, next);
      return next;
    },
  } as unknown as LegStore;
  const coolDowns: number[] = [];
  const throttle = { run: <T>(work: () => Promise<T>) => work(), coolDown: (ms: number) => coolDowns.push(ms) } as unknown as AgentThrottle;
  const outcomes: { status: DeliveryStatus; reason: string; leg: LegRecord; failureClass?: FailureClass }[] = [];
  const publisher = {
    publish: async (leg: LegRecord, status: DeliveryStatus, reason = '') => void outcomes.push({ leg, status, reason }),
    fail: async (leg: LegRecord, failureClass: FailureClass, reason: string) => void outcomes.push({ leg, status: DeliveryStatus.FAILED, reason, failureClass }),
  } as unknown as OutcomePublisher;
  const clock = { now: () => now, sleep: async () => undefined };
  const breakers = new ChannelBreakers(Channel.RCS, rcsHubs(cfg).map((hub) => hub.pathId), { failureRatio: 0.6, windowCalls: 4, windowMs: 60_000, minCalls: 2, coolDownMs: 1_000, maxCoolDownMs: 1_000, halfOpenProbes: 1 }, { now: () => now }, [], { raise: async () => undefined, lower: async () => undefined });
  const circuit = new HubCircuit(breakers, cfg, () => 0);
  const service = new RcsSendService(client, legs, throttle, publisher, new KeyedHasher({ key: 'unit-test-key-0123456789', keyId: 'k1' }), new RcsMetrics(new Registry()), cfg, clock, circuit);
  return { service, requests, hubsCalled, outcomes, coolDowns, stored, breakers, advance: (ms: number) => (now += ms) };
}

const command = (text = 'Your parcel: https://t.example/p/1', overrides: { messageId?: string; recipient?: string; connectorRegions?: string[] } = {}): DispatchCommand =>
  create(DispatchCommandSchema, { messageId: 'msg-1', tenantId: 'acme', recipient: '+447700900123', content: { text }, leg: 1, requestedAtMs: 5n, ttlSeconds: 60, ...overrides });

describe('RcsSendService', () => {
  const id = rbmMessageId('agent-1', 'msg-1', 1);

  it('sends under the leg\'s UUID messageId with its ttl and reports SUBMITTED', async () => {
    const { service, requests, outcomes } = setup([{ kind: 'accepted' }]);
    await service.send(command('Your code is 123456'), 1);
    expect(requests).toEqual([{ phone: '+447700900123', messageId: id, content: { text: 'Your code is 123456' }, expiry: { ttl: '60s' } }]);
    expect(outcomes).toEqual([expect.objectContaining({ status: DeliveryStatus.SUBMITTED, reason: '' })]);
    expect(outcomes[0]!.leg).toMatchObject({ rbmMessageId: id, messageId: 'msg-1', leg: 1, recipientHash: expect.stringMatching(/^k1:/) });
    expect(JSON.stringify(outcomes[0]!.leg)).not.toContain('447700900123');
  });

  it('reports 404 as UNREACHABLE so routing can fall back', async () => {
    const { service, outcomes } = setup([{ kind: 'unreachable', reason: 'http_404' }]);
    await service.send(command(), 1);
    expect(outcomes.map((o) => [o.status, o.reason])).toEqual([[DeliveryStatus.UNREACHABLE, 'http_404']]);
  });

  it('sends the plain variant once after a 400 for rich content, and keeps sending plain on retries', async () => {
    const { service, requests, outcomes, stored } = setup([{ kind: 'unsupported', reason: 'unsupported_feature' }, { kind: 'retriable', reason: 'http_503' }, { kind: 'accepted' }]);
    await expect(service.send(command(), 1)).rejects.toBeInstanceOf(RbmUnavailableException);
    expect(requests.map((r) => Object.keys(r.content))).toEqual([['text', 'suggestions'], ['text']]);
    expect(requests.every((r) => r.messageId === id)).toBe(true);
    expect(stored.get(id)?.plainOnly).toBe(true);
    await service.send(command(), 2);
    expect(requests[2]!.content).toEqual({ text: 'Your parcel: https://t.example/p/1' });
    expect(outcomes.map((o) => o.status)).toEqual([DeliveryStatus.SUBMITTED]);
  });

  it('reports UNREACHABLE unsupported_feature when even plain text gets 400', async () => {
    const { service, outcomes } = setup([{ kind: 'unsupported', reason: 'unsupported_feature' }, { kind: 'unsupported', reason: 'unsupported_feature' }]);
    await service.send(command(), 1);
    expect(outcomes.map((o) => [o.status, o.reason])).toEqual([[DeliveryStatus.UNREACHABLE, 'unsupported_feature']]);
  });

  it('reports another 4xx as FAILED with its status', async () => {
    const { service, outcomes } = setup([{ kind: 'rejected', reason: 'http_403' }]);
    await service.send(command(), 1);
    expect(outcomes.map((o) => [o.status, o.reason, o.failureClass])).toEqual([[DeliveryStatus.FAILED, 'http_403', FailureClass.NOT_DELIVERED]]);
  });

  it('throws a retriable error for 429 and cools the agent down for its Retry-After', async () => {
    const { service, outcomes, coolDowns } = setup([{ kind: 'retriable', reason: 'http_429', retryAfterMs: 2_000 }]);
    const error = await service.send(command(), 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RbmUnavailableException);
    expect((error as RbmUnavailableException).retriable).toBe(true);
    expect(coolDowns).toEqual([2_000]);
    expect(outcomes).toEqual([]);
  });

  it('reports FAILED once the bus has no retry tier left', async () => {
    const { service, outcomes } = setup([{ kind: 'retriable', reason: 'timeout' }]);
    await service.send(command(), 3);
    expect(outcomes.map((o) => [o.status, o.reason])).toEqual([[DeliveryStatus.FAILED, 'retries_exhausted_timeout']]);
  });

  it('counts the ttl from the first attempt and reports EXPIRED without sending when it ran out', async () => {
    const { service, requests, outcomes, advance } = setup([{ kind: 'retriable', reason: 'http_500' }, { kind: 'retriable', reason: 'http_500' }]);
    await expect(service.send(command(), 1)).rejects.toThrow();
    advance(20_000);
    await expect(service.send(command(), 2)).rejects.toThrow();
    expect(requests.map((r) => r.expiry)).toEqual([{ ttl: '60s' }, { ttl: '40s' }]);
    advance(40_000);
    await service.send(command(), 3);
    expect(requests).toHaveLength(2);
    expect(outcomes.map((o) => [o.status, o.reason])).toEqual([[DeliveryStatus.EXPIRED, 'ttl_elapsed_before_submit']]);
  });

  it('does nothing for a leg that already ended, and refuses bad input without calling the hub', async () => {
    const { service, requests, outcomes, stored } = setup([]);
    await service.send(command(), 1);
    stored.set(id, { ...stored.get(id)!, state: 'delivered' });
    await service.send(command(), 1);
    expect(requests).toHaveLength(1);
    await service.send(command('', { messageId: 'm-empty' }), 1);
    await service.send(command('hi', { messageId: 'm-bad', recipient: '0770' }), 1);
    expect(requests).toHaveLength(1);
    expect(outcomes.map((o) => o.reason)).toEqual(['', 'empty_content', 'invalid_recipient']);
  });
  describe('hub circuit breaker', () => {
    it('opens on 5xx and timeouts, then reports FAILED circuit_open without calling the hub', async () => {
      const { service, requests, outcomes, breakers } = setup([{ kind: 'retriable', reason: 'http_503' }, { kind: 'retriable', reason: 'timeout' }]);
      await expect(service.send(command('a', { messageId: 'm-1' }), 1)).rejects.toThrow();
      await expect(service.send(command('b', { messageId: 'm-2' }), 1)).rejects.toThrow();
      expect(breakers.state(PATH)).toBe('open');
      await service.send(command('c', { messageId: 'm-3' }), 1);
      expect(requests).toHaveLength(2);
      expect(outcomes.map((o) => [o.leg.messageId, o.status, o.reason, o.failureClass])).toEqual([['m-3', DeliveryStatus.FAILED, 'circuit_open', FailureClass.CIRCUIT_OPEN]]);
    });

    it('is not opened by answers about one recipient (404, 400) or by 429', async () => {
      const answers: RbmVerdict[] = [
        { kind: 'unreachable', reason: 'http_404' },
        { kind: 'unreachable', reason: 'http_404' },
        { kind: 'unsupported', reason: 'unsupported_feature' },
        { kind: 'unsupported', reason: 'unsupported_feature' },
        { kind: 'retriable', reason: 'http_429' },
        { kind: 'retriable', reason: 'http_429' },
      ];
      const { service, breakers } = setup(answers);
      for (let i = 0; i < 4; i += 1) await service.send(command('x', { messageId: `m-${i}` }), 1).catch(() => undefined);
      expect(breakers.state(PATH)).toBe('closed');
    });

    it('lets a probe through after the cool-down and closes on its success', async () => {
      const { service, requests, outcomes, breakers, advance } = setup([{ kind: 'retriable', reason: 'http_500' }, { kind: 'retriable', reason: 'http_500' }, { kind: 'accepted' }]);
      await service.send(command('a', { messageId: 'm-1' }), 1).catch(() => undefined);
      await service.send(command('b', { messageId: 'm-2' }), 1).catch(() => undefined);
      advance(1_000);
      await service.send(command('c', { messageId: 'm-3' }), 1);
      expect(requests).toHaveLength(3);
      expect(breakers.state(PATH)).toBe('closed');
      expect(outcomes.map((o) => o.status)).toEqual([DeliveryStatus.SUBMITTED]);
    });
  });

  describe('several hubs and data residency', () => {
    const hubs = [
      { id: 'eu-a', region: 'EU', baseUrl: 'http://eu-a.example', priority: 0 },
      { id: 'eu-b', region: 'EU', baseUrl: 'http://eu-b.example', priority: 1 },
      { id: 'us', region: 'US', baseUrl: 'http://us.example', priority: 2 },
    ];
    const multi = rcsGatewayConfigSchema.parse({ IDENTIFIER_HASH_KEY: 'unit-test-key-0123456789', RBM_AUTH: 'none', RBM_HUBS: JSON.stringify(hubs), RBM_CLIENT_TOKEN: 'client-token', RBM_AGENT_ID: 'agent-1', BUS_RETRY_DELAYS_MS: '100,200' });
    const openHub = (breakers: ChannelBreakers, pathId: string) => {
      for (let i = 0; i < 2 && breakers.state(pathId) !== 'open'; i += 1) breakers.acquire(pathId)!.failure();
      expect(breakers.state(pathId)).toBe('open');
    };

    it('sends a leg stamped EU through the preferred EU hub, pinned on the leg', async () => {
      const { service, hubsCalled, outcomes, stored } = setup([], multi);
      await service.send(command('hi', { connectorRegions: ['EU'] }), 1);
      expect(hubsCalled).toEqual(['http://eu-a.example']);
      expect(stored.get(id)?.hubId).toBe('eu-a');
      expect(outcomes.map((o) => o.status)).toEqual([DeliveryStatus.SUBMITTED]);
    });

    it('fails over to the next EU hub when the first is open, and never leaves the EU when both are', async () => {
      const { service, hubsCalled, outcomes, breakers } = setup([], multi);
      openHub(breakers, 'rcs:agent-1@eu-a.example');
      await service.send(command('a', { messageId: 'm-1', connectorRegions: ['EU'] }), 1);
      expect(hubsCalled).toEqual(['http://eu-b.example']);
      openHub(breakers, 'rcs:agent-1@eu-b.example');
      await service.send(command('b', { messageId: 'm-2', connectorRegions: ['EU'] }), 1);
      expect(hubsCalled).toEqual(['http://eu-b.example']);
      expect(outcomes.map((o) => [o.leg.messageId, o.status, o.reason])).toEqual([
        ['m-1', DeliveryStatus.SUBMITTED, ''],
        ['m-2', DeliveryStatus.FAILED, 'circuit_open'],
      ]);
      // A leg with no residency may use the US hub.
      await service.send(command('c', { messageId: 'm-3' }), 1);
      expect(hubsCalled).toEqual(['http://eu-b.example', 'http://us.example']);
    });

    it('fails a leg whose regions no hub serves, without calling any hub', async () => {
      const { service, hubsCalled, outcomes } = setup([], multi);
      await service.send(command('hi', { connectorRegions: ['ASIA'] }), 1);
      expect(hubsCalled).toEqual([]);
      expect(outcomes.map((o) => [o.status, o.reason, o.failureClass])).toEqual([[DeliveryStatus.FAILED, 'no_connector_in_region', FailureClass.NOT_DELIVERED]]);
    });

    it('retries a leg on the hub it first went to, never on another (its messageId is idempotent there only)', async () => {
      const { service, hubsCalled, outcomes, breakers } = setup([{ kind: 'retriable', reason: 'http_503' }], multi);
      await expect(service.send(command('hi', { connectorRegions: ['EU'] }), 1)).rejects.toBeInstanceOf(RbmUnavailableException);
      openHub(breakers, 'rcs:agent-1@eu-a.example');
      await service.send(command('hi', { connectorRegions: ['EU'] }), 2);
      expect(hubsCalled).toEqual(['http://eu-a.example']);
      expect(outcomes.map((o) => o.reason)).toEqual(['circuit_open']);
    });
  });
});
