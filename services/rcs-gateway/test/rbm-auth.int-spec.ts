import { DeliveryStatus, FailureClass } from '@switchback/contracts';
import { testEnv, writeServiceAccountKey, type ServiceAccountKeyFile } from '@switchback/testing';
import Redis from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, HubProcess } from './hub-process';
import { startRcsGateway, type RcsApp } from './rcs-app';

// rcs-gateway authenticating as real RBM requires: the agent's service-account key buys tokens
// from the hub simulator's token endpoint (Google's JWT-bearer grant), and every agentMessages
// call carries one. Real Kafka and Redis; the hub runs as its own process on 127.0.0.1.
const TOKEN = 'int-test-client-token-0123';
const AGENT = 'auth-agent';

describe('rcs-gateway RBM authentication (real Kafka, Redis, hub simulator with OAuth)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rcs-auth-'));
  const keyFile = path.join(dir, 'agent-key.json');
  const hub = new HubProcess();
  let key: ServiceAccountKeyFile;
  let gw: RcsApp;
  let redis: Redis;
  let sequence = 0;
  const phone = () => `+3363${String(1_000_000 + (sequence += 1)).padStart(7, '0')}`;

  beforeAll(async () => {
    const port = await freePort();
    await hub.start((url) => {
      key = writeServiceAccountKey(keyFile, `${url}/token`);
      return { HUB_SIM_OAUTH_KEY_FILES: keyFile, HUB_SIM_CLIENT_TOKEN: TOKEN, HUB_SIM_AGENT_ID: AGENT, HUB_SIM_WEBHOOK_URL: `http://127.0.0.1:${port}/v1/rbm/webhook`, HUB_SIM_DELIVERY_DELAY_MS: '30' };
    });
    gw = await startRcsGateway('rcsauth', {
      HTTP_PORT: String(port),
      HUB_BASE_URL: hub.url,
      RBM_CLIENT_TOKEN: TOKEN,
      RBM_AGENT_ID: AGENT,
      RBM_AUTH: 'service-account',
      RBM_SERVICE_ACCOUNT_KEY_FILE: keyFile,
      RBM_TOKEN_TIMEOUT_MS: '1000',
      // Few calls in this file: let four failures in a row open the breaker.
      CIRCUIT_MIN_CALLS: '4',
      CIRCUIT_WINDOW_CALLS: '4',
    });
    redis = new Redis(testEnv.redisUrl, { maxRetriesPerRequest: 1 });
  }, 90_000);

  afterAll(async () => {
    await gw?.app.close();
    await hub.stop();
    const keys = (await redis?.keys(`${gw?.name}:*`)) ?? [];
    if (keys.length) await redis.del(...keys);
    await redis?.quit();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends with the agent\'s token: several sends, one token request, no 401', async () => {
    const sent = await Promise.all([phone(), phone(), phone()].map((recipient) => gw.dispatch(recipient, 'Your parcel arrives today')));
    for (const { messageId } of sent) await gw.waitForOutcome(messageId, DeliveryStatus.SUBMITTED);
    expect(await hub.stats()).toMatchObject({ sends: 3, tokenRequests: 1, unauthenticated: 0 });
  });

  it('renews a token the hub stopped accepting before its expiry, and the send still goes out once', async () => {
    await hub.auth('revokeTokens');
    const { messageId, rbmId } = await gw.dispatch(phone(), 'Your table is ready');
    await gw.waitForOutcome(messageId, DeliveryStatus.SUBMITTED);
    expect(await hub.stats()).toMatchObject({ tokenRequests: 2, unauthenticated: 1 });
    expect(await hub.message(rbmId)).toMatchObject({ posts: 1 });
  });

  it('retries through the bus while the token endpoint is down, then sends', async () => {
    await hub.auth('revokeTokens');
    await hub.auth({ outage: 503 });
    const { messageId } = await gw.dispatch(phone(), 'Your appointment is at 10');
    // The first attempt finds no token; the bus retries it after 300 ms.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(gw.outcomesOf(messageId)).toEqual([]);
    await hub.auth({ outage: null });
    await gw.waitForOutcome(messageId, DeliveryStatus.SUBMITTED);
  });

  it('fails a leg as NOT_DELIVERED auth_refused once the key is revoked, and the breaker opens for the path', async () => {
    await hub.auth({ revokeKey: key.private_key_id });
    await hub.auth('revokeTokens');
    const refused = await Promise.all([phone(), phone(), phone(), phone()].map((recipient) => gw.dispatch(recipient, 'Your order shipped')));
    for (const { messageId } of refused) {
      const failed = await gw.waitForOutcome(messageId, DeliveryStatus.FAILED);
      expect(failed.reason).toMatch(/^(auth_refused|circuit_open)$/);
    }
    const firsts = refused.map(({ messageId }) => gw.outcomesOf(messageId)[0]!);
    expect(firsts.map((outcome) => outcome.reason)).toContain('auth_refused');
    // Nothing was sent, so routing may fall back: never IN_DOUBT.
    for (const outcome of firsts) expect([FailureClass.NOT_DELIVERED, FailureClass.CIRCUIT_OPEN]).toContain(outcome.failureClass);
    // Nothing reached the hub without a token; the open breaker now fails legs over at once.
    const { messageId } = await gw.dispatch(phone(), 'One more');
    expect((await gw.waitForOutcome(messageId, DeliveryStatus.FAILED)).reason).toBe('circuit_open');
    expect(gw.circuitEvents.length).toBeGreaterThan(0);
  });
});
