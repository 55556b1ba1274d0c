import { circuitKeyFor } from '@switchback/circuit';
import { Channel, CircuitState, DeliveryStatus } from '@switchback/contracts';
import { eventually, testEnv } from '@switchback/testing';
import Redis from 'ioredis';
import { connectorPathId } from '../src/smpp/smpp-client';
import { startGateway, type GatewayApp } from './support/gateway-app';
import { SmscProcess } from './support/smsc-process';

// Two SMSC connectors (two simulator processes) behind one gateway: a connector whose SMSC
// answers system errors opens its breaker and traffic moves to the other; when both are open
// the channel is flagged for routing and dispatches fail with circuit_open, unsent.
const ESME_RSYSERR = 0x08;

describe('smpp-gateway connector circuit breakers', () => {
  let primary: SmscProcess;
  let backup: SmscProcess;
  let gateway: GatewayApp;
  let redis: Redis;
  let n = 0;
  const recipient = () => `+4477007${String(Date.now() % 100_000).padStart(5, '0')}${String((n += 1)).padStart(2, '0')}`.slice(0, 16);
  const digits = (e164: string) => e164.replace(/^\+/, '');
  const statuses = (messageId: string) => gateway.outcomesOf(messageId).map((o) => [DeliveryStatus[o.status], o.reason]);
  const transitions = () => gateway.circuitEvents.map((e) => [e.pathId, CircuitState[e.state]]);

  beforeAll(async () => {
    [primary, backup] = await Promise.all([SmscProcess.start(), SmscProcess.start()]);
    gateway = await startGateway('smppcircuit', {
      SMPP_URL: `${primary.smppUrl},${backup.smppUrl}`,
      SMPP_BINDS: '1',
      SMPP_LOCAL_RETRIES: '0',
      CIRCUIT_WINDOW_CALLS: '4',
      CIRCUIT_MIN_CALLS: '2',
      CIRCUIT_FAILURE_RATIO: '0.5',
      CIRCUIT_COOL_DOWN_MS: '60000',
      CIRCUIT_MAX_COOL_DOWN_MS: '60000',
    });
    redis = new Redis(testEnv.redisUrl, { maxRetriesPerRequest: 1 });
    await eventually(async () => expect((await fetch(`${gateway.baseUrl}/health/ready`)).status).toBe(200), 30_000);
  }, 90_000);

  afterAll(async () => {
    await gateway?.app.close();
    await Promise.all([primary?.stop(), backup?.stop()]);
    const keys = (await redis?.keys(`${gateway?.config.REDIS_KEY_PREFIX}*`)) ?? [];
    if (keys.length) await redis.del(...keys);
    await redis?.quit();
  });

  it('routes around a connector whose SMSC answers system errors, then flags the channel and fails circuit_open when every connector is open', async () => {
    const primaryPath = connectorPathId(primary.smppUrl);
    const backupPath = connectorPathId(backup.smppUrl);
    // Two system errors from the primary (the first attempt and the first bus retry) open it;
    // the second bus retry goes to the backup.
    await primary.configure({ scriptedStatuses: [ESME_RSYSERR, ESME_RSYSERR] });
    const first = recipient();
    await gateway.dispatch({ messageId: 'failover-1', recipient: first, text: 'via the backup' });
    await eventually(() => expect(statuses('failover-1')).toContainEqual(['SUBMITTED', '']), 30_000);
    expect(await primary.messages(digits(first))).toEqual([]);
    expect(await backup.messages(digits(first))).toHaveLength(1);
    await eventually(() => expect(transitions()).toEqual([[primaryPath, 'OPEN']]), 10_000);
    expect(gateway.circuitEvents[0]).toMatchObject({ reason: 'error_rate', failures: 2, calls: 2 });

    const second = recipient();
    await gateway.dispatch({ messageId: 'failover-2', recipient: second, text: 'straight to the backup' });
    await eventually(() => expect(statuses('failover-2')).toContainEqual(['SUBMITTED', '']), 30_000);
    expect(await backup.messages(digits(second))).toHaveLength(1);
    const key = circuitKeyFor(gateway.config.CIRCUIT_KEY_PREFIX)(Channel.SMS);
    expect(await redis.exists(key)).toBe(0); // the backup still works: the channel is usable

    // The backup SMSC goes away: its bind fails to reconnect until its breaker opens too.
    await backup.stop();
    await eventually(() => expect(transitions()).toEqual([[primaryPath, 'OPEN'], [backupPath, 'OPEN']]), 30_000);
    await eventually(async () => expect(await redis.exists(key)).toBe(1), 10_000);
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);

    const before = await primary.stats();
    await gateway.dispatch({ messageId: 'all-open-1', recipient: recipient(), text: 'nowhere to go' });
    await eventually(() => expect(statuses('all-open-1')).toEqual([['FAILED', 'circuit_open']]), 30_000);
    expect((await primary.stats()).submits).toBe(before.submits);
    const metrics = await (await fetch(`${gateway.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`switchback_circuit_state\\{[^}]*path="${primaryPath}"[^}]*\\} 2`));
  }, 90_000);
});
