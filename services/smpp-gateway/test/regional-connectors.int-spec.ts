import { DeliveryStatus } from '@switchback/contracts';
import { eventually, testEnv } from '@switchback/testing';
import Redis from 'ioredis';
import { connectorPathId } from '../src/smpp/smpp-connectors';
import { startGateway, type GatewayApp } from './support/gateway-app';
import { SmscProcess } from './support/smsc-process';

// Two SMSC simulators as an EU and a US connector behind one gateway: a leg stamped EU is
// submitted in the EU only; when the EU connector's breaker opens the leg fails circuit_open
// rather than leaving the region; a leg without residency fails over to the US connector.
const ESME_RSYSERR = 0x08;

describe('smpp-gateway with regional connectors (EU, US)', () => {
  let eu: SmscProcess;
  let us: SmscProcess;
  let gateway: GatewayApp;
  let redis: Redis;
  let n = 0;
  const recipient = () => `+4477008${String(Date.now() % 100_000).padStart(5, '0')}${String((n += 1)).padStart(2, '0')}`.slice(0, 16);
  const digits = (e164: string) => e164.replace(/^\+/, '');
  const statuses = (messageId: string) => gateway.outcomesOf(messageId).map((o) => [DeliveryStatus[o.status], o.reason]);

  beforeAll(async () => {
    [eu, us] = await Promise.all([SmscProcess.start(), SmscProcess.start()]);
    gateway = await startGateway('smppregion', {
      SMPP_CONNECTORS: JSON.stringify([
        { id: 'eu', region: 'EU', url: eu.smppUrl, priority: 0 },
        { id: 'us', region: 'US', url: us.smppUrl, priority: 1 },
      ]),
      SMPP_BINDS: '1',
      SMPP_LOCAL_RETRIES: '0',
      CIRCUIT_WINDOW_CALLS: '2',
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
    await Promise.all([eu?.stop(), us?.stop()]);
    const keys = (await redis?.keys(`${gateway?.config.REDIS_KEY_PREFIX}*`)) ?? [];
    if (keys.length) await redis.del(...keys);
    await redis?.quit();
  });

  it('never submits an EU leg to the US SMSC, even with the EU connector open; a leg without residency fails over', async () => {
    const first = recipient();
    await gateway.dispatch({ messageId: 'eu-1', recipient: first, text: 'stays in the EU', connectorRegions: ['EU'] });
    await eventually(() => expect(statuses('eu-1')).toContainEqual(['SUBMITTED', '']), 30_000);
    expect(await eu.messages(digits(first))).toHaveLength(1);
    expect(await us.messages(digits(first))).toEqual([]);

    // Two system errors (the first attempt and the first bus retry) open the EU connector; the
    // next retry finds it open and fails the leg instead of trying the US.
    await eu.configure({ scriptedStatuses: [ESME_RSYSERR, ESME_RSYSERR] });
    const second = recipient();
    await gateway.dispatch({ messageId: 'eu-2', recipient: second, text: 'held in the EU', connectorRegions: ['EU'] });
    await eventually(() => expect(statuses('eu-2')).toEqual([['FAILED', 'circuit_open']]), 30_000);
    await eventually(() => expect(gateway.circuitEvents.map((e) => e.pathId)).toEqual([connectorPathId(eu.smppUrl)]), 10_000);

    const third = recipient();
    await gateway.dispatch({ messageId: 'eu-3', recipient: third, text: 'still held', connectorRegions: ['EU'] });
    await eventually(() => expect(statuses('eu-3')).toEqual([['FAILED', 'circuit_open']]), 30_000);
    expect((await us.stats()).submits).toBe(0);

    // Without residency the US connector may carry it.
    await gateway.dispatch({ messageId: 'free-1', recipient: third, text: 'anywhere', connectorRegions: [] });
    await eventually(() => expect(statuses('free-1')).toContainEqual(['SUBMITTED', '']), 30_000);
    expect(await us.messages(digits(third))).toHaveLength(1);
    expect(await eu.messages(digits(third))).toEqual([]);

    await gateway.dispatch({ messageId: 'asia-1', recipient: recipient(), text: 'nowhere', connectorRegions: ['ASIA'] });
    await eventually(() => expect(statuses('asia-1')).toEqual([['FAILED', 'no_connector_in_region']]), 30_000);
  }, 120_000);
});
