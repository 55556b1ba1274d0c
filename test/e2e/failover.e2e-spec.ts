import { Channel, DeliveryStatus } from '@switchback/contracts';
import { deriveFromFragment, openSecureLinkPayload } from '@switchback/secure-link';
import { OutcomeWatcher, Stack } from '@switchback/stack';
import { eventually, testEnv, uniqueName } from '@switchback/testing';
import Redis from 'ioredis';
import path from 'node:path';
import { Client } from 'pg';
import { logLeaks, redisLeaks, tableLeaks } from './support/leak-scan';
import { RoutingClient, SimulatorClients } from './support/stack-clients';

// The delivery lifecycle on the compiled platform: a dispatched leg that fails, times out or
// meets an open circuit falls over to the next rung, each message ends with one terminal, and
// a secret never falls to plaintext. Real Kafka, Postgres and Redis; the hub and SMSC
// simulators play the carriers (per-number hub profiles script the failures).
const root = path.resolve(__dirname, '../..');
const CANARY = 'Fo4canary19d2e';
const SECRET_TEXT = `Prod DB: postgres://app:${CANARY}@db.internal:5432/orders`;
const PLAIN_CANARY = 'plain-canary-5b7e0a';
/** RCS-capable at the capability check, 404 on every send (the user left RCS since). */
const GONE = '+447700900201';
/** RCS-capable, accepts sends, never delivers (phone off). */
const OFFLINE = '+447700900202';
/** Same as GONE, for the secret. */
const SECRET_GONE = '+447700900203';
/** An ordinary RCS-capable number, used while the RCS circuit is open. */
const CIRCUIT = '+447700900204';
/** Same as GONE, while the SMS circuit is open. */
const GONE_NO_SMS = '+447700900205';
/** SMS-only (hub prefix +4477009009): only ever dry-run. */
const SMS_ONLY = '+447700900906';
const NUMBERS = /447700900(201|202|203|204|205|906)/;
const TIMEOUT_S = 3;

describe('failover: a failed, timed-out or circuit-broken leg falls over, and the message ends once', () => {
  const namespace = uniqueName('fo').replace(/-/g, '_');
  const logDir = path.join(root, '.tools', 'logs', namespace);
  const stack = new Stack({ distDir: path.join(root, 'dist'), logDir, kafkaBrokers: testEnv.kafkaBrokers.join(','), namespace, basePort: 4900, databaseUrl: testEnv.databaseUrl, redisUrl: testEnv.redisUrl, smsOnlyPrefixes: ['+4477009009'], logLevel: 'debug' });
  const watcher = new OutcomeWatcher(testEnv.kafkaBrokers, stack.topicPrefix, { envelope: stack.busEnvelope, signer: stack.producerSigner, sasl: stack.adminSasl, decisionsAndTerminals: true });
  const routing = new RoutingClient(stack);
  const sims = new SimulatorClients(stack);
  const db = new Client({ connectionString: testEnv.databaseUrl });
  const sent: string[] = [];

  beforeAll(async () => {
    await stack.start();
    await Promise.all([watcher.start(), db.connect()]);
    // Tenant 'demo' revokes an undelivered RCS leg after TIMEOUT_S (default is 120 s / off).
    const rule = { deliveryTimeoutS: TIMEOUT_S, maxFailovers: 1 };
    expect((await routing.putPolicy('demo', { failover: { transactional: rule, default: rule } })).status).toBe(200);
    await sims.setHubProfile(GONE, { rcs: true, sendNotFound: true });
    await sims.setHubProfile(SECRET_GONE, { rcs: true, sendNotFound: true });
    await sims.setHubProfile(OFFLINE, { rcs: true, offline: true });
    await sims.setHubProfile(GONE_NO_SMS, { rcs: true, sendNotFound: true });
  }, 120_000);

  afterAll(async () => {
    await watcher.stop();
    await stack.stop();
    await db.end();
  }, 60_000);

  const submit = async (key: string, to: string, text: string, trafficType = 'transactional') => {
    const id = await routing.submit(`${namespace}-${key}`, { to, text, trafficType });
    sent.push(id);
    return id;
  };
  const audit = async (messageId: string) =>
    (await db.query(`SELECT event_type, channel, outcome, fallback_reason, detail FROM "${stack.schemaOf('audit-sink')}".audit_events WHERE message_id = $1 ORDER BY seq`, [messageId])).rows as Array<{ event_type: string; channel: string; outcome: string; fallback_reason: string | null; detail: Record<string, unknown> }>;
  const outcomesOf = (messageId: string) => watcher.outcomes.filter((o) => o.messageId === messageId);

  it('an RCS leg the hub answers 404 is UNREACHABLE: leg 2 goes on SMS and the message ends DELIVERED once', async () => {
    const id = await submit('gone', GONE, `Your parcel is out for delivery ${PLAIN_CANARY}`);
    const terminal = await watcher.terminal(id, 30_000);
    expect(terminal).toMatchObject({ status: DeliveryStatus.DELIVERED, channel: Channel.SMS, leg: 2, legsDispatched: 2 });
    expect(outcomesOf(id).find((o) => o.leg === 1 && o.status === DeliveryStatus.UNREACHABLE)).toMatchObject({ channel: Channel.RCS, reason: 'http_404' });
    expect(await sims.smscMessages(GONE)).toEqual([expect.objectContaining({ text: expect.stringContaining(PLAIN_CANARY) })]);
    expect(await sims.hubMessages(GONE)).toEqual([]); // the hub never accepted leg 1

    const view = await eventually(async () => {
      const current = await routing.view(id);
      expect(current?.legs.map((leg) => leg.status)).toEqual(['unreachable', 'delivered']);
      return current!;
    }, 15_000, 200);
    expect(view).toMatchObject({ state: 'delivered', terminal: { status: 'delivered', leg: 2, channel: 'sms' } });
    expect(view.legs).toEqual([
      expect.objectContaining({ leg: 1, channel: 'rcs', state: 'unreachable', reason: 'http_404', fallbackReason: 'none' }),
      expect.objectContaining({ leg: 2, channel: 'sms', state: 'delivered', fallbackReason: 'delivery_failed', failoverFromLeg: 1 }),
    ]);
    // The first leg is no failover (routing shows 0 there although its type documents null).
    expect(view.legs[0]!.failoverFromLeg).toBeNull();

    const rows = await eventually(async () => {
      const current = await audit(id);
      expect(current.filter((row) => row.event_type === 'message_terminal')).toHaveLength(1);
      expect(current.filter((row) => row.event_type === 'routing_decision')).toHaveLength(2);
      return current;
    }, 20_000, 200);
    const decisions = rows.filter((row) => row.event_type === 'routing_decision');
    expect(decisions[0]).toMatchObject({ channel: 'rcs', outcome: 'sent_plain' });
    expect(decisions[1]).toMatchObject({ channel: 'sms', outcome: 'sent_plain', fallback_reason: 'delivery_failed', detail: expect.objectContaining({ leg: 2, failoverFromLeg: 1 }) });
    expect(rows.find((row) => row.event_type === 'message_terminal')).toMatchObject({ channel: 'sms', outcome: 'delivered', detail: { leg: 2, legsDispatched: 2, reason: expect.any(String) } });
  }, 60_000);

  it(`an RCS leg not delivered within ${TIMEOUT_S} s is revoked at the hub, then goes on SMS: one SMS, one terminal`, async () => {
    const id = await submit('offline', OFFLINE, `Your table is ready ${PLAIN_CANARY}`);
    const terminal = await watcher.terminal(id, 45_000);
    expect(terminal).toMatchObject({ status: DeliveryStatus.DELIVERED, channel: Channel.SMS, leg: 2, legsDispatched: 2 });
    expect(outcomesOf(id).find((o) => o.leg === 1 && o.status === DeliveryStatus.REVOKED)).toMatchObject({ channel: Channel.RCS, reason: 'delivery_timeout' });
    expect(outcomesOf(id).some((o) => o.leg === 1 && o.status === DeliveryStatus.DELIVERED)).toBe(false);
    expect(await sims.hubMessages(OFFLINE)).toEqual([expect.objectContaining({ state: 'revoked' })]);
    expect((await sims.hubStats())['revokes']).toBeGreaterThanOrEqual(1);
    expect(await sims.smscMessages(OFFLINE)).toHaveLength(1);
    await eventually(async () => expect(await routing.view(id)).toMatchObject({ state: 'delivered', legs: [expect.objectContaining({ leg: 1, state: 'revoked' }), expect.objectContaining({ leg: 2, fallbackReason: 'delivery_timeout', failoverFromLeg: 1 })] }), 15_000, 200);
  }, 60_000);

  it('a secret whose RCS leg is unreachable never falls to plain SMS: its secure link moves to SMS, and only the link reaches the SMSC', async () => {
    const id = await submit('secret', SECRET_GONE, SECRET_TEXT);
    const terminal = await watcher.terminal(id, 45_000);
    expect(terminal).toMatchObject({ status: DeliveryStatus.DELIVERED, channel: Channel.SMS, leg: 2, legsDispatched: 2 });
    const decisions = await eventually(async () => {
      const rows = (await audit(id)).filter((row) => row.event_type === 'routing_decision');
      expect(rows).toHaveLength(2);
      return rows;
    }, 20_000, 200);
    expect(decisions[0]).toMatchObject({ channel: 'rcs', outcome: 'secure_link_created' });
    expect(decisions[1]).toMatchObject({ channel: 'sms', outcome: 'secure_link_created', fallback_reason: 'delivery_failed', detail: expect.objectContaining({ leg: 2, failoverFromLeg: 1, sensitivity: 'secret' }) });

    const sms = await sims.smscMessages(SECRET_GONE);
    expect(sms).toHaveLength(1);
    expect(JSON.stringify(sms)).not.toContain(CANARY);
    expect(JSON.stringify(await sims.hubMessages())).not.toContain(CANARY);
    // The one thing the SMSC saw is a link that opens the secret, once.
    const link = /(http:\/\/127\.0\.0\.1:\d+)\/s\/([A-Za-z0-9_-]+)#([A-Za-z0-9._-]+)/.exec(sms[0]!.text);
    expect(link).not.toBeNull();
    const keys = await deriveFromFragment(link![3]!);
    const claim = await fetch(`${link![1]}/v1/links/${link![2]}/claim`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ claimSecret: keys.claimSecret }) });
    expect(claim.status).toBe(200);
    expect(await openSecureLinkPayload(((await claim.json()) as { ciphertext: string }).ciphertext, keys)).toMatchObject({ kind: 'text', text: SECRET_TEXT });
  }, 60_000);

  it('an open RCS circuit (the gateway\'s Redis flag) sends an RCS-capable recipient straight to SMS with reason circuit_open', async () => {
    const redis = new Redis(testEnv.redisUrl);
    try {
      await redis.set(stack.circuitKey('RCS'), 'e2e', 'PX', 60_000);
      const request = { to: CIRCUIT, text: `Your code of conduct was updated ${PLAIN_CANARY}`, trafficType: 'transactional' };
      // Routing rereads the flags every CIRCUIT_CACHE_MS: the dry run (publishes nothing) shows when it has.
      await eventually(async () => expect((await routing.dryRun(request)).body).toMatchObject({ channel: 'sms', fallbackReason: 'circuit_open' }), 10_000, 100);
      const id = await submit('circuit', CIRCUIT, request.text);
      const terminal = await watcher.terminal(id, 30_000);
      expect(terminal).toMatchObject({ status: DeliveryStatus.DELIVERED, channel: Channel.SMS, leg: 1, legsDispatched: 1 });
      expect(watcher.decisionsOf(id)).toEqual([expect.objectContaining({ channel: Channel.SMS, leg: 1 })]);
      await eventually(async () => expect((await audit(id)).find((row) => row.event_type === 'routing_decision')).toMatchObject({ channel: 'sms', fallback_reason: 'circuit_open' }), 20_000, 200);
      expect(await sims.hubMessages(CIRCUIT)).toEqual([]);
      expect(await sims.smscMessages(CIRCUIT)).toHaveLength(1);
    } finally {
      await redis.del(stack.circuitKey('RCS'));
      redis.disconnect();
    }
  }, 60_000);

  it('an unreachable RCS leg with the SMS circuit open finds no rung: the message ends FAILED failover_blocked, nothing reaches the SMSC', async () => {
    const redis = new Redis(testEnv.redisUrl);
    try {
      await redis.set(stack.circuitKey('SMS'), 'e2e', 'PX', 60_000);
      await eventually(async () => expect((await routing.dryRun({ to: SMS_ONLY, text: 'probe', trafficType: 'transactional' })).body).toMatchObject({ fallbackReason: 'circuit_open' }), 10_000, 100);
      const id = await submit('no-sms', GONE_NO_SMS, `Your appointment moved to 15:00 ${PLAIN_CANARY}`);
      const terminal = await watcher.terminal(id, 30_000);
      expect(terminal).toMatchObject({ status: DeliveryStatus.FAILED, channel: Channel.RCS, leg: 1, legsDispatched: 1, reason: 'failover_blocked:http_404' });
      await eventually(async () => expect(await routing.view(id)).toMatchObject({ state: 'blocked', terminal: { status: 'failed', leg: 1, channel: 'rcs' } }), 15_000, 200);
      // The failover's decision is on record: leg 2 blocked, nothing dispatched.
      await eventually(async () => expect((await audit(id)).filter((row) => row.event_type === 'routing_decision')).toEqual([expect.objectContaining({ outcome: 'sent_plain', channel: 'rcs' }), expect.objectContaining({ outcome: 'blocked', detail: expect.objectContaining({ leg: 2, failoverFromLeg: 1 }) })]), 20_000, 200);
      expect(await sims.smscMessages(GONE_NO_SMS)).toEqual([]);
      expect(await sims.hubMessages(GONE_NO_SMS)).toEqual([]);
    } finally {
      await redis.del(stack.circuitKey('SMS'));
      redis.disconnect();
    }
  }, 60_000);

  it('ended every message exactly once', async () => {
    expect(sent).toHaveLength(5);
    for (const id of sent) expect({ id, terminals: watcher.terminalsOf(id).length }).toEqual({ id, terminals: 1 });
  });

  it('keeps the canaries and the numbers out of every table, audit row, cache entry and service log', async () => {
    const needles = [CANARY, PLAIN_CANARY, NUMBERS];
    const tables = await tableLeaks(db, stack.databaseSchema, needles);
    expect(tables.tables).toBeGreaterThan(5);
    expect(tables.leaks).toEqual([]);
    const cache = await redisLeaks(testEnv.redisUrl, `${namespace}:`, needles);
    expect(cache.keys).toBeGreaterThan(0);
    expect(cache.leaks).toEqual([]);
    const logs = logLeaks(logDir, needles);
    expect(logs.files).toBe(7);
    expect(logs.leaks).toEqual([]);
  });
});
