import { DeliveryStatus } from '@switchback/contracts';
import { KeyedHasher } from '@switchback/crypto';
import { Registry } from 'prom-client';
import { rcsGatewayConfigSchema } from '../config/rcs-gateway.config';
import type { AgentThrottle } from '../limits/agent-throttle';
import { RcsMetrics } from '../metrics/rcs-metrics';
import type { RbmAgentClient } from '../rbm/rbm-agent.client';
import type { RbmRevokeResult } from '../rbm/rbm-error.table';
import { rbmMessageId } from '../rbm/rbm-message-id';
import { RbmUnavailableException } from '../rbm/rbm.exception';
import { rcsHubs, type HubCircuit } from './hub-circuit';
import type { LegRecord, LegStore } from './leg-store';
import type { OutcomePublisher } from './outcome.publisher';
import { RcsRevokeService, type RevokeRequest } from './rcs-revoke.service';

const config = rcsGatewayConfigSchema.parse({ IDENTIFIER_HASH_KEY: 'unit-test-key-0123456789', RBM_AUTH: 'none', HUB_BASE_URL: 'http://127.0.0.1:1', RBM_CLIENT_TOKEN: 'client-token', RBM_AGENT_ID: 'agent-1' });
const ID = rbmMessageId('agent-1', 'msg-1', 2);
const REQUEST: RevokeRequest = { messageId: 'msg-1', tenantId: 'acme', recipient: '+447700900123', leg: 2, reason: 'delivery_timeout', requestedAtMs: 7n };
const LEG: LegRecord = { rbmMessageId: ID, messageId: 'msg-1', tenantId: 'acme', recipientHash: 'k1:abc', leg: 2, requestedAtMs: '5', firstAttemptAtMs: 1 };

function setup(answers: (RbmRevokeResult | Error)[], leg: LegRecord | undefined = LEG, options: { publishFailsOnce?: boolean } = {}) {
  const stored = new Map<string, LegRecord>(leg ? [[ID, leg]] : []);
  const hubCalls: string[] = [];
  const client = {
    revoke: async (_hub: unknown, phone: string, id: string) => {
      hubCalls.push(`${phone} ${id}`);
      const answer = answers.shift() ?? 'already_delivered';
      if (answer instanceof Error) throw answer;
      return answer;
    },
  } as unknown as RbmAgentClient;
  const legs = {
    find: async (id: string) => stored.get(id),
    update: async (record: LegRecord, change: Partial<LegRecord>) => {
      const next = { ...(stored.get(record.rbmMessageId) ?? record), ...change };
      stored.set(record.rbmMessageId, next);
      return next;
    },
  } as unknown as LegStore;
  const throttle = { run: <T>(work: () => Promise<T>) => work() } as unknown as AgentThrottle;
  const published: [string, DeliveryStatus, string][] = [];
  let failPublish = options.publishFailsOnce ?? false;
  const outcomes = {
    publish: async (record: LegRecord, status: DeliveryStatus, reason = '') => {
      if (failPublish) {
        failPublish = false;
        throw new Error('broker down');
      }
      published.push([record.recipientHash, status, reason]);
    },
  } as unknown as OutcomePublisher;
  const hasher = new KeyedHasher({ key: 'unit-test-key-0123456789', keyId: 'k1' });
  const service = new RcsRevokeService(client, legs, throttle, outcomes, hasher, new RcsMetrics(new Registry()), config, { now: () => 1_000, sleep: async () => undefined }, { hubs: rcsHubs(config), hub: () => undefined } as unknown as HubCircuit);
  return { service, hubCalls, published, stored };
}

describe('RcsRevokeService', () => {
  it('revokes a pending leg at the hub and reports REVOKED with the command\'s reason', async () => {
    const { service, hubCalls, published, stored } = setup(['revoked']);
    await expect(service.revoke(REQUEST)).resolves.toBe('revoked');
    expect(hubCalls).toEqual([`+447700900123 ${ID}`]);
    expect(published).toEqual([['k1:abc', DeliveryStatus.REVOKED, 'delivery_timeout']]);
    expect(stored.get(ID)).toMatchObject({ state: 'revoked', revoke: { answer: 'revoked', reported: true } });
  });

  it('reports DELIVERED already_delivered when the hub answers 404', async () => {
    const { service, published } = setup(['already_delivered']);
    await expect(service.revoke(REQUEST)).resolves.toBe('already_delivered');
    expect(published).toEqual([['k1:abc', DeliveryStatus.DELIVERED, 'already_delivered']]);
  });

  it('does not ask the hub when a DELIVERED or READ event was already seen', async () => {
    const { service, hubCalls, published } = setup(['revoked'], { ...LEG, state: 'read' });
    await expect(service.revoke(REQUEST)).resolves.toBe('already_delivered');
    expect(hubCalls).toEqual([]);
    expect(published).toEqual([['k1:abc', DeliveryStatus.DELIVERED, 'already_delivered']]);
  });

  it('is idempotent: a redelivered command gets no second hub call and no second outcome', async () => {
    const { service, hubCalls, published } = setup(['revoked', 'already_delivered']);
    await service.revoke(REQUEST);
    await expect(service.revoke(REQUEST)).resolves.toBe('revoked');
    expect(hubCalls).toHaveLength(1);
    expect(published).toEqual([['k1:abc', DeliveryStatus.REVOKED, 'delivery_timeout']]);
  });

  it('repeats the same outcome (never asks the hub again) when the first publish failed', async () => {
    const { service, hubCalls, published } = setup(['revoked', 'already_delivered'], LEG, { publishFailsOnce: true });
    await expect(service.revoke(REQUEST)).rejects.toThrow('broker down');
    await expect(service.revoke(REQUEST)).resolves.toBe('revoked');
    expect(hubCalls).toHaveLength(1); // the hub's 404 now would contradict the revocation
    expect(published).toEqual([['k1:abc', DeliveryStatus.REVOKED, 'delivery_timeout']]);
  });

  it('lets a hub failure propagate for the bus to retry, then revokes', async () => {
    const { service, published } = setup([new RbmUnavailableException('http_503'), 'revoked']);
    await expect(service.revoke(REQUEST)).rejects.toBeInstanceOf(RbmUnavailableException);
    expect(published).toEqual([]);
    await expect(service.revoke(REQUEST)).resolves.toBe('revoked');
    expect(published.map(([, status]) => status)).toEqual([DeliveryStatus.REVOKED]);
  });

  it('revokes a leg it has no record of, with the outcome built from the command (hashed recipient)', async () => {
    const { service, published, stored } = setup(['revoked'], undefined);
    await service.revoke(REQUEST);
    expect(published).toEqual([[expect.stringMatching(/^k1:/), DeliveryStatus.REVOKED, 'delivery_timeout']]);
    expect(JSON.stringify(stored.get(ID))).not.toContain('447700900123');
  });
});
