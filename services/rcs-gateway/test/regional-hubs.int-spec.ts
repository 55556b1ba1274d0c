import { EventPublisher } from '@switchback/bus';
import { Channel, create, DeliveryStatus, DispatchCommandSchema } from '@switchback/contracts';
import { eventually, testEnv } from '@switchback/testing';
import Redis from 'ioredis';
import { rbmMessageId } from '../src/rbm/rbm-message-id';
import { freePort, HubProcess } from './hub-process';
import { startRcsGateway, type RcsApp } from './rcs-app';

// Two hub simulators as two regional RBM entry points (EU and US) behind one gateway, on the
// real broker and Redis: a leg stamped EU goes to the EU hub only, and when the EU hub's breaker
// opens it fails (circuit_open) instead of leaving the region; a leg without residency fails
// over to the US hub.
const TOKEN = 'int-test-client-token-0123';
const AGENT = 'int-agent';

describe('rcs-gateway with regional hubs (EU, US)', () => {
  const eu = new HubProcess();
  const us = new HubProcess();
  let gw: RcsApp;
  let redis: Redis;
  let n = 0;
  const phone = () => `+3365${String(1_000_000 + (n += 1)).padStart(7, '0')}`;
  const statuses = (messageId: string) => gw.outcomesOf(messageId).map((o) => [DeliveryStatus[o.status], o.reason]);
  const dispatch = async (recipient: string, connectorRegions: string[]) => {
    const messageId = `${gw.name}-${(n += 1)}`;
    const command = create(DispatchCommandSchema, { messageId, tenantId: 'acme', recipient, content: { text: 'hello' }, channel: Channel.RCS, leg: 1, requestedAtMs: BigInt(Date.now()), connectorRegions });
    await gw.app.get(EventPublisher).publish('dispatchRcs', command, { key: recipient, messageId });
    return { messageId, rbmId: rbmMessageId(AGENT, messageId, 1) };
  };
  const onBoth = async (to: string, profile: Record<string, unknown> = { rcs: true }) => Promise.all([eu.setProfile(to, profile), us.setProfile(to, { rcs: true })]);

  beforeAll(async () => {
    const port = await freePort();
    const hubEnv = { HUB_SIM_CLIENT_TOKEN: TOKEN, HUB_SIM_AGENT_ID: AGENT, HUB_SIM_WEBHOOK_URL: `http://127.0.0.1:${port}/v1/rbm/webhook`, HUB_SIM_DELIVERY_DELAY_MS: '30' };
    await Promise.all([eu.start(hubEnv), us.start(hubEnv)]);
    gw = await startRcsGateway('rcsregion', {
      HTTP_PORT: String(port),
      RBM_HUBS: JSON.stringify([
        { id: 'eu', region: 'EU', baseUrl: eu.url, priority: 0 },
        { id: 'us', region: 'US', baseUrl: us.url, priority: 1 },
      ]),
      RBM_CLIENT_TOKEN: TOKEN,
      RBM_AGENT_ID: AGENT,
      CIRCUIT_FAILURE_RATIO: '0.5',
      CIRCUIT_WINDOW_CALLS: '2',
      CIRCUIT_MIN_CALLS: '2',
      CIRCUIT_COOL_DOWN_MS: '60000',
      CIRCUIT_MAX_COOL_DOWN_MS: '60000',
    });
    redis = new Redis(testEnv.redisUrl, { maxRetriesPerRequest: 1 });
  }, 90_000);

  afterAll(async () => {
    await gw?.app.close();
    await Promise.all([eu.stop(), us.stop()]);
    const keys = (await redis?.keys(`${gw?.name}:*`)) ?? [];
    if (keys.length) await redis.del(...keys);
    await redis?.quit();
  });

  it('keeps an EU leg in the EU even when the EU hub\'s breaker is open; a leg without residency fails over to the US hub', async () => {
    const first = phone();
    await onBoth(first);
    const sent = await dispatch(first, ['EU']);
    await eventually(() => expect(statuses(sent.messageId)).toContainEqual(['SUBMITTED', '']), 30_000);
    expect(await eu.message(sent.rbmId)).toBeDefined();
    expect(await us.messages()).toEqual([]);

    // The EU hub fails this number's sends: two 503s open its breaker; the leg never goes to the US.
    const second = phone();
    await onBoth(second, { rcs: true, failNext: { status: 503, count: 10 } });
    const held = await dispatch(second, ['EU']);
    await eventually(() => expect(statuses(held.messageId)).toEqual([['FAILED', 'circuit_open']]), 30_000);
    await eventually(() => expect(gw.circuitEvents.map((e) => e.pathId)).toEqual([`rcs:${AGENT}@${new URL(eu.url).host}`]), 10_000);

    const third = phone();
    await onBoth(third);
    const blocked = await dispatch(third, ['EU']);
    await eventually(() => expect(statuses(blocked.messageId)).toEqual([['FAILED', 'circuit_open']]), 30_000);
    expect(await us.messages()).toEqual([]);
    expect(await eu.message(blocked.rbmId)).toBeUndefined();

    // No residency: the US hub is allowed, and takes the traffic while the EU hub is open.
    const free = await dispatch(third, []);
    await eventually(() => expect(statuses(free.messageId)).toContainEqual(['SUBMITTED', '']), 30_000);
    expect((await us.messages()).map((m) => m.messageId)).toEqual([free.rbmId]);

    // A region no hub serves: failed without any call.
    const asia = await dispatch(third, ['ASIA']);
    await eventually(() => expect(statuses(asia.messageId)).toEqual([['FAILED', 'no_connector_in_region']]), 30_000);
    expect(await us.messages()).toHaveLength(1);
  }, 120_000);
});
