import { create, DeliveryStatus, SendRequestedSchema } from '@switchback/contracts';
import { OutcomeWatcher, Stack } from '@switchback/stack';
import { eventually, testEnv, uniqueName } from '@switchback/testing';
import Redis from 'ioredis';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';

// The brief's first bar: a canary secret sent to an SMS-only recipient under the default
// (fail-closed) policy never appears in any SMS or RCS body, Postgres table, Redis key or
// value, service log line or audit row. Runs the compiled platform against real Kafka,
// Postgres and Redis, with the SMSC and hub simulators recording every body they receive.
const root = path.resolve(__dirname, '../..');
const CANARY = 'Zq8canary77a1f';
const SECRET_TEXT = `Prod DB: postgres://app:${CANARY}@db.internal:5432/orders`;
const SMS_ONLY = '+447700900999';
const RCS_ONLY = '+447700900123';

describe('fail closed: a secret never travels or rests in plaintext', () => {
  const namespace = uniqueName('fc').replace(/-/g, '_');
  const logDir = path.join(root, '.tools', 'logs', namespace);
  const stack = new Stack({ distDir: path.join(root, 'dist'), logDir, kafkaBrokers: testEnv.kafkaBrokers.join(','), namespace, basePort: 4700, databaseUrl: testEnv.databaseUrl, redisUrl: testEnv.redisUrl, smsOnlyPrefixes: ['+4477009009'], logLevel: 'debug' });
  const watcher = new OutcomeWatcher(testEnv.kafkaBrokers, stack.topicPrefix);
  const db = new Client({ connectionString: testEnv.databaseUrl });

  beforeAll(async () => {
    await stack.start();
    await watcher.start();
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    await watcher.stop();
    await stack.stop();
    await db.end();
  }, 60_000);

  const send = (id: string, recipient: string, text: string) =>
    create(SendRequestedSchema, { messageId: `${namespace}-${id}`, tenantId: 'acme', recipient, content: { text }, requestedAtMs: BigInt(Date.now()) });

  const auditedAction = async (messageId: string): Promise<string | undefined> => {
    const { rows } = await db.query(`SELECT outcome FROM "${stack.schemaOf('audit-sink')}".audit_events WHERE message_id = $1 AND event_type = 'routing_decision'`, [messageId]);
    return (rows[0] as { outcome: string } | undefined)?.outcome;
  };

  it('turns the secret into a secure-link request on both channels and sends no plaintext', async () => {
    const secrets = [send('secret-sms', SMS_ONLY, SECRET_TEXT), send('secret-rcs', RCS_ONLY, SECRET_TEXT)];
    // A benign message behind each secret, on the same partition key: once it is delivered,
    // anything the secret could have caused at the carriers has happened too.
    const fences = [send('fence-sms', SMS_ONLY, 'Your parcel is out for delivery'), send('fence-rcs', RCS_ONLY, 'Your parcel is out for delivery')];
    for (const event of [...secrets, ...fences]) await watcher.publisher.publish('sendRequested', event, { key: event.recipient, messageId: event.messageId });

    await watcher.waitFor((outcomes) => fences.every((f) => outcomes.some((o) => o.messageId === f.messageId && o.status === DeliveryStatus.DELIVERED)), 45_000);
    await eventually(async () => {
      for (const secret of secrets) expect(await auditedAction(secret.messageId)).toBe('secure_link_created');
    }, 20_000);
    expect(watcher.outcomes.filter((o) => secrets.some((s) => s.messageId === o.messageId))).toEqual([]);
    const { rows } = await db.query(`SELECT detail FROM "${stack.schemaOf('audit-sink')}".audit_events WHERE message_id = $1 AND event_type = 'routing_decision'`, [secrets[0]!.messageId]);
    expect(rows[0]?.detail).toMatchObject({ sensitivity: 'secret', detectorIds: ['secret.connection_string'], policyVersion: 0, cohort: 'default' });

    const smsc = await (await fetch(`http://127.0.0.1:${stack.ports['smsc-admin']}/_sim/messages`)).text();
    const hub = await (await fetch(`http://127.0.0.1:${stack.ports['hub']}/_sim/messages`)).text();
    expect(smsc).toContain('out for delivery'); // the bodies are really recorded
    expect(smsc).not.toContain(CANARY);
    expect(hub).not.toContain(CANARY);
  }, 90_000);

  it('blocks under a "block" policy, holds the text sealed, and releases it once on an audited override', async () => {
    const admin = (method: string, url: string, body: unknown) =>
      fetch(`http://127.0.0.1:${stack.ports['routing']}${url}`, { method, headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await admin('PUT', '/v1/admin/tenants/strict/policy', { onSensitive: 'block' })).status).toBe(200);

    const blocked = create(SendRequestedSchema, { messageId: `${namespace}-blocked`, tenantId: 'strict', recipient: SMS_ONLY, content: { text: SECRET_TEXT }, requestedAtMs: BigInt(Date.now()) });
    await watcher.publisher.publish('sendRequested', blocked, { key: blocked.recipient, messageId: blocked.messageId });
    await eventually(async () => expect(await auditedAction(blocked.messageId)).toBe('blocked'), 30_000);

    const override = await admin('POST', `/v1/messages/${blocked.messageId}/override`, { tenantId: 'strict', reason: 'customer confirmed by phone, ticket 4711' });
    expect(override.status).toBe(200);
    expect((await admin('POST', `/v1/messages/${blocked.messageId}/override`, { tenantId: 'strict', reason: 'again' })).status).toBe(409);
    await watcher.waitFor((outcomes) => outcomes.some((o) => o.messageId === blocked.messageId && o.status === DeliveryStatus.DELIVERED), 30_000);

    const { rows } = await db.query(`SELECT event_type, outcome, detail FROM "${stack.schemaOf('audit-sink')}".audit_events WHERE (message_id = $1 AND event_type = 'routing_decision') OR (event_type = 'policy_changed' AND tenant_id = 'strict') ORDER BY id`, [blocked.messageId]);
    await eventually(async () => {
      const { rows: latest } = await db.query(`SELECT outcome FROM "${stack.schemaOf('audit-sink')}".audit_events WHERE message_id = $1 AND event_type = 'routing_decision'`, [blocked.messageId]);
      expect(latest.map((row: { outcome: string }) => row.outcome).sort()).toEqual(['blocked', 'user_override']);
    }, 20_000);
    const policyRow = rows.find((row: { event_type: string }) => row.event_type === 'policy_changed') as { detail: { actor: string; policy: { onSensitive: string } } } | undefined;
    expect(policyRow?.detail).toMatchObject({ actor: 'operator', policy: { onSensitive: 'block' } });
    const { rows: overrides } = await db.query(`SELECT detail FROM "${stack.schemaOf('audit-sink')}".audit_events WHERE message_id = $1 AND outcome = 'user_override'`, [blocked.messageId]);
    expect(overrides[0]?.detail).toMatchObject({ actor: 'operator', overrideReason: 'customer confirmed by phone, ticket 4711' });
  }, 90_000);

  it('keeps the canary and the numbers out of every table of every service schema', async () => {
    const { rows: tables } = await db.query(`SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema LIKE $1 AND table_type = 'BASE TABLE'`, [`${stack.databaseSchema}%`]);
    expect(tables.length).toBeGreaterThan(2);
    for (const { table_schema: schema, table_name: table } of tables as Array<{ table_schema: string; table_name: string }>) {
      const { rows } = await db.query(`SELECT * FROM "${schema}"."${table}"`);
      const dump = JSON.stringify(rows);
      expect({ table: `${schema}.${table}`, canary: dump.includes(CANARY), number: /447700900(123|999)/.test(dump) }).toEqual({ table: `${schema}.${table}`, canary: false, number: false });
    }
  });

  it('keeps the canary out of Redis and of every service log, even at debug level', async () => {
    const redis = new Redis(testEnv.redisUrl);
    try {
      const keys = await redis.keys(`${namespace}:*`);
      const values = await Promise.all(keys.map((key) => redis.get(key).catch(() => '')));
      expect(JSON.stringify({ keys, values })).not.toContain(CANARY);
    } finally {
      redis.disconnect();
    }
    const logs = readdirSync(logDir).filter((file) => !file.includes('simulator'));
    expect(logs).toHaveLength(6);
    for (const file of logs) expect({ file, leaked: readFileSync(path.join(logDir, file), 'utf8').includes(CANARY) }).toEqual({ file, leaked: false });
  });
});
