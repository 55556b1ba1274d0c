import { DeliveryStatus } from '@switchback/contracts';
import { eventually, testEnv } from '@switchback/testing';
import Redis from 'ioredis';
import { startGateway, type GatewayApp } from './support/gateway-app';
import { SmscProcess } from './support/smsc-process';

// "No second SMS after a crash-and-replay": the submit intent in Redis, against the SMSC
// simulator process, on the real broker and Redis. The simulator counts every submit_sm it
// accepts, so "no second submit" is checked where it matters: at the SMSC.
const RESPONSE_TIMEOUT_MS = 1_000;

describe('smpp-gateway submit intent (at most one submit per leg)', () => {
  let smsc: SmscProcess;
  let gateway: GatewayApp;
  let redis: Redis;
  let n = 0;
  const recipient = () => `+4477008${String(Date.now() % 100_000).padStart(5, '0')}${String((n += 1)).padStart(2, '0')}`.slice(0, 16);
  const digits = (e164: string) => e164.replace(/^\+/, '');
  const statuses = (messageId: string) => gateway.outcomesOf(messageId).map((o) => [DeliveryStatus[o.status], o.reason]);
  const inDoubt = async (cause: string) => {
    const metrics = await (await fetch(`${gateway.baseUrl}/metrics`)).text();
    return Number(new RegExp(`switchback_smpp_submits_in_doubt_total\\{[^}]*cause="${cause}"[^}]*\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
  };

  beforeAll(async () => {
    smsc = await SmscProcess.start({ SMSC_SIM_RECEIPT_DELAY_MS: '50' });
    gateway = await startGateway('smppintent', { SMPP_URL: smsc.smppUrl, SMPP_BINDS: '1', SMPP_RESPONSE_TIMEOUT_MS: String(RESPONSE_TIMEOUT_MS), SMPP_ENQUIRE_LINK_MS: '60000' });
    redis = new Redis(testEnv.redisUrl, { maxRetriesPerRequest: 1 });
    await eventually(async () => expect((await fetch(`${gateway.baseUrl}/health/ready`)).status).toBe(200), 30_000);
  }, 90_000);

  beforeEach(() => smsc.configure({ responseDelayMs: 0, scriptedStatuses: [] }));

  afterAll(async () => {
    await gateway?.app.close();
    await smsc?.stop();
    const keys = (await redis?.keys(`${gateway?.config.REDIS_KEY_PREFIX}*`)) ?? [];
    if (keys.length) await redis.del(...keys);
    await redis?.quit();
  });

  it('answers a redelivered dispatch after SUBMITTED with the same SUBMITTED and sends no second submit_sm', async () => {
    const to = recipient();
    await gateway.dispatch({ messageId: 'replay-1', recipient: to, text: 'Your code is 4821' });
    await eventually(() => expect(statuses('replay-1')).toContainEqual(['SUBMITTED', '']), 30_000);
    const before = await smsc.stats();
    await gateway.dispatch({ messageId: 'replay-1', recipient: to, text: 'Your code is 4821' }); // the replay
    await eventually(() => expect(gateway.outcomesOf('replay-1').filter((o) => o.status === DeliveryStatus.SUBMITTED)).toHaveLength(2), 30_000);
    const [first, again] = gateway.outcomesOf('replay-1').filter((o) => o.status === DeliveryStatus.SUBMITTED);
    expect(again!.carrierMessageId).toBe(first!.carrierMessageId);
    expect(await smsc.messages(digits(to))).toHaveLength(1);
    expect((await smsc.stats()).submits).toBe(before.submits);
  }, 60_000);

  it('reports submit_in_doubt, and submits nothing, when an instance died between recording its intent and the response', async () => {
    const to = recipient();
    // What a gateway that crashed mid-submit leaves behind: an intent "submitting" whose heartbeat stopped.
    const key = `${gateway.config.REDIS_KEY_PREFIX}smpp:intent:crashed-1:1`;
    await redis.hset(key, 'state', 'submitting', 'instance', 'dead-pod/1', 'at', String(Date.now() - 60_000), 'since', String(Date.now() - 60_000));
    await redis.expire(key, 600);
    const before = await smsc.stats();
    await gateway.dispatch({ messageId: 'crashed-1', recipient: to, text: 'Your code is 1111' }); // Kafka's redelivery
    await eventually(() => expect(statuses('crashed-1')).toEqual([['FAILED', 'submit_in_doubt']]), 30_000);
    expect(await inDoubt('instance_lost')).toBe(1);
    await gateway.dispatch({ messageId: 'crashed-1', recipient: to, text: 'Your code is 1111' }); // and again
    await eventually(() => expect(statuses('crashed-1')).toEqual([['FAILED', 'submit_in_doubt'], ['FAILED', 'submit_in_doubt']]), 30_000);
    expect(await inDoubt('instance_lost')).toBe(1); // counted once
    expect(await smsc.messages(digits(to))).toEqual([]);
    expect((await smsc.stats()).submits).toBe(before.submits);
  }, 60_000);

  it('leaves a leg whose submit_sm_resp never came in doubt instead of resubmitting it (one submit_sm at the SMSC)', async () => {
    await smsc.configure({ responseDelayMs: RESPONSE_TIMEOUT_MS * 3 });
    const to = recipient();
    const before = await smsc.stats();
    await gateway.dispatch({ messageId: 'timeout-1', recipient: to, text: 'Your code is 2222' });
    await eventually(() => expect(statuses('timeout-1')).toEqual([['FAILED', 'submit_in_doubt']]), 30_000);
    expect(await inDoubt('response_timeout')).toBe(1);
    await smsc.configure({ responseDelayMs: 0 });
    await gateway.dispatch({ messageId: 'timeout-1', recipient: to, text: 'Your code is 2222' }); // a replay
    await eventually(() => expect(statuses('timeout-1')).toHaveLength(2), 30_000);
    expect(statuses('timeout-1')[1]).toEqual(['FAILED', 'submit_in_doubt']);
    // The SMSC did get it (the answer was just late): once, never twice.
    await eventually(async () => expect(await smsc.messages(digits(to))).toHaveLength(1), 10_000);
    expect((await smsc.stats()).submits - before.submits).toBe(1);
  }, 60_000);

  it('still retries a throttled submit (the SMSC refused it, nothing is in doubt) and submits once', async () => {
    await smsc.configure({ scriptedStatuses: [0x58, 0x58, 0x58, 0x58, 0x58] });
    const to = recipient();
    await gateway.dispatch({ messageId: 'throttled-2', recipient: to, text: 'eventually' });
    await eventually(() => expect(statuses('throttled-2')).toContainEqual(['SUBMITTED', '']), 30_000);
    expect(await smsc.messages(digits(to))).toHaveLength(1);
  }, 60_000);
});
