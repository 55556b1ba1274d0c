import { circuitKeyFor } from '@switchback/circuit';
import { Channel, CircuitState, DeliveryStatus } from '@switchback/contracts';
import { eventually, testEnv } from '@switchback/testing';
import Redis from 'ioredis';
import { freePort, HubProcess } from './hub-process';
import { startRcsGateway, type RcsApp } from './rcs-app';

// The gateway half of the delivery lifecycle on the real broker and Redis, against the hub
// simulator process: RevokeCommands from the bus, and the hub path's circuit breaker.
const TOKEN = 'int-test-client-token-0123';
const AGENT = 'int-agent';
const COOL_DOWN_MS = 1_500;

describe('rcs-gateway delivery lifecycle (revoke, circuit breaker)', () => {
  const hub = new HubProcess();
  let gw: RcsApp;
  let redis: Redis;
  let sequence = 0;
  const phone = () => `+3364${String(1_000_000 + (sequence += 1)).padStart(7, '0')}`;
  const statuses = (messageId: string) => gw.outcomesOf(messageId).map((o) => [DeliveryStatus[o.status], o.reason]);
  const revocations = async (result: string) => {
    const metrics = await (await fetch(`${gw.baseUrl}/metrics`)).text();
    return Number(new RegExp(`switchback_rcs_revocations_total\\{[^}]*result="${result}"[^}]*\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
  };

  beforeAll(async () => {
    const port = await freePort();
    await hub.start({ HUB_SIM_CLIENT_TOKEN: TOKEN, HUB_SIM_AGENT_ID: AGENT, HUB_SIM_WEBHOOK_URL: `http://127.0.0.1:${port}/v1/rbm/webhook`, HUB_SIM_DELIVERY_DELAY_MS: '30' });
    gw = await startRcsGateway('rcslife', {
      HTTP_PORT: String(port),
      RBM_AUTH: 'none', HUB_BASE_URL: hub.url,
      RBM_CLIENT_TOKEN: TOKEN,
      RBM_AGENT_ID: AGENT,
      CIRCUIT_FAILURE_RATIO: '0.5',
      CIRCUIT_WINDOW_CALLS: '3',
      CIRCUIT_MIN_CALLS: '3',
      CIRCUIT_COOL_DOWN_MS: String(COOL_DOWN_MS),
      CIRCUIT_HALF_OPEN_PROBES: '1',
    });
    redis = new Redis(testEnv.redisUrl, { maxRetriesPerRequest: 1 });
  }, 90_000);

  afterAll(async () => {
    await gw?.app.close();
    await hub.stop();
    const keys = (await redis?.keys(`${gw?.name}:*`)) ?? [];
    if (keys.length) await redis.del(...keys);
    await redis?.quit();
  });

  it('revokes a pending message on a RevokeCommand: one REVOKED with the command\'s reason, even when the command comes twice', async () => {
    const to = phone();
    await hub.setProfile(to, { rcs: true, offline: true });
    const { messageId, rbmId } = await gw.dispatch(to, 'Revoke me');
    await gw.waitForOutcome(messageId, DeliveryStatus.SUBMITTED, 45_000);
    await gw.revoke(to, messageId, 'dual_delivery_lost');
    expect(await gw.waitForOutcome(messageId, DeliveryStatus.REVOKED)).toMatchObject({ channel: Channel.RCS, leg: 1, reason: 'dual_delivery_lost', carrierMessageId: rbmId });
    expect(await hub.message(rbmId)).toMatchObject({ state: 'revoked' });
    await gw.revoke(to, messageId, 'dual_delivery_lost'); // a redelivery of the same command
    await eventually(async () => expect(await revocations('redelivered')).toBeGreaterThanOrEqual(1), 20_000);
    expect(statuses(messageId)).toEqual([['SUBMITTED', ''], ['REVOKED', 'dual_delivery_lost']]);
    expect((await hub.stats())['revokes']).toBe(1);
  }, 60_000);

  it('answers DELIVERED already_delivered when the message was delivered before the revoke', async () => {
    const to = phone();
    const { messageId } = await gw.dispatch(to, 'Too late');
    await gw.waitForOutcome(messageId, DeliveryStatus.DELIVERED, 45_000);
    await gw.revoke(to, messageId);
    await eventually(() => expect(statuses(messageId)).toEqual([['SUBMITTED', ''], ['DELIVERED', ''], ['DELIVERED', 'already_delivered']]), 20_000);
  }, 60_000);

  it('answers DELIVERED already_delivered on the hub\'s 404 for a message it no longer holds', async () => {
    const to = phone();
    await hub.setProfile(to, { rcs: true, offline: true });
    const { messageId } = await gw.dispatch(to, 'Never stored at the hub');
    await gw.waitForOutcome(messageId, DeliveryStatus.SUBMITTED, 45_000);
    await hub.reset(); // the hub forgets it: its DELETE answers 404, as for a delivered message
    await gw.revoke(to, messageId);
    expect(await gw.waitForOutcome(messageId, DeliveryStatus.DELIVERED)).toMatchObject({ reason: 'already_delivered' });
  }, 60_000);

  it('lets the bus retry a revoke the hub answers with 503, and reports REVOKED once', async () => {
    const to = phone();
    await hub.setProfile(to, { rcs: true, offline: true });
    const { messageId, rbmId } = await gw.dispatch(to, 'Retry the revoke');
    await gw.waitForOutcome(messageId, DeliveryStatus.SUBMITTED, 45_000);
    await hub.setProfile(to, { rcs: true, offline: true, failNext: { status: 503, count: 1 } });
    await gw.revoke(to, messageId);
    expect(await gw.waitForOutcome(messageId, DeliveryStatus.REVOKED)).toMatchObject({ reason: 'delivery_timeout' });
    expect(await hub.message(rbmId)).toMatchObject({ state: 'revoked' });
    expect(statuses(messageId)).toEqual([['SUBMITTED', ''], ['REVOKED', 'delivery_timeout']]);
    expect((await hub.stats())['scriptedFailures']).toBeGreaterThanOrEqual(1);
  }, 60_000);

  // Last: it opens the gateway's only hub path.
  it('opens the hub circuit on 5xx, fails dispatches with circuit_open without calling the hub, flags the channel, then closes on a good probe', async () => {
    const key = circuitKeyFor(gw.config.CIRCUIT_KEY_PREFIX)(Channel.RCS);
    const broken = phone();
    await hub.setProfile(broken, { rcs: true, failNext: { status: 500, count: 100 } });
    // The window is the last 3 calls (earlier tests' sends succeeded): two or three 500s trip
    // it, and the next bus retry of the same dispatch is refused by the open breaker.
    const failing = await gw.dispatch(broken, 'Hub is down');
    expect(await gw.waitForOutcome(failing.messageId, DeliveryStatus.FAILED, 45_000)).toMatchObject({ reason: 'circuit_open' });
    await eventually(() => expect(gw.circuitEvents.map((e) => [CircuitState[e.previousState], CircuitState[e.state]])).toEqual([['CLOSED', 'OPEN']]), 10_000);
    expect(gw.circuitEvents[0]).toMatchObject({ channel: Channel.RCS, pathId: `rcs:${AGENT}@${new URL(hub.url).host}`, reason: 'error_rate', calls: 3 });
    expect(gw.circuitEvents[0]!.failures).toBeGreaterThanOrEqual(2);
    expect(await redis.exists(key)).toBe(1);
    expect(await redis.pttl(key)).toBeLessThanOrEqual(COOL_DOWN_MS);

    const fine = phone();
    const refused = await gw.dispatch(fine, 'Not sent while open');
    const outcome = await gw.waitForOutcome(refused.messageId, DeliveryStatus.FAILED);
    if (Date.now() < Number(gw.circuitEvents[0]!.openUntilMs)) {
      // Still within the cool-down (normal; a very slow box may have passed it): refused unsent.
      expect(outcome.reason).toBe('circuit_open');
      expect(await hub.message(refused.rbmId)).toBeUndefined();
    }
    const metrics = await (await fetch(`${gw.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/switchback_circuit_transitions_total\{[^}]*to="open"[^}]*\} 1/);

    // The flag expires with the cool-down; the next dispatch is the probe and closes the breaker.
    await eventually(async () => expect(await redis.exists(key)).toBe(0), 10_000);
    await eventually(() => expect(Date.now()).toBeGreaterThanOrEqual(Number(gw.circuitEvents[0]!.openUntilMs)), 10_000);
    const probe = await gw.dispatch(fine, 'Probe');
    await gw.waitForOutcome(probe.messageId, DeliveryStatus.SUBMITTED);
    await eventually(() => expect(gw.circuitEvents.map((e) => CircuitState[e.state])).toEqual(['OPEN', 'HALF_OPEN', 'CLOSED']), 10_000);
    const after = await (await fetch(`${gw.baseUrl}/metrics`)).text();
    expect(after).toMatch(/switchback_circuit_state\{[^}]*channel="RCS"[^}]*\} 0/);
  }, 90_000);
});
