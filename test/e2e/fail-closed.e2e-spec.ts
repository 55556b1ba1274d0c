import { create, DeliveryStatus, SendRequestedSchema } from '@switchback/contracts';
import { OutcomeWatcher, Stack } from '@switchback/stack';
import { deriveFromFragment, openSecureLinkPayload } from '@switchback/secure-link';
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
  const watcher = new OutcomeWatcher(testEnv.kafkaBrokers, stack.topicPrefix, { envelope: stack.busEnvelope, signer: stack.producerSigner, sasl: stack.adminSasl });
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

  /** The one secure link in a simulator's recorded bodies. */
  const linkIn = (bodies: string) => {
    const match = /(http:\/\/127\.0\.0\.1:\d+)\/s\/([A-Za-z0-9_-]+)#([A-Za-z0-9._-]+)/.exec(bodies);
    if (!match) throw new Error('no secure link in the recorded bodies');
    return { origin: match[1]!, id: match[2]!, fragment: match[3]! };
  };

  const auditedAction = async (messageId: string): Promise<string | undefined> => {
    const { rows } = await db.query(`SELECT outcome FROM "${stack.schemaOf('audit-sink')}".audit_events WHERE message_id = $1 AND event_type = 'routing_decision'`, [messageId]);
    return (rows[0] as { outcome: string } | undefined)?.outcome;
  };

  it('turns the secret into a one-time secure link on both channels: only the link travels, and it opens exactly once', async () => {
    const secrets = [send('secret-sms', SMS_ONLY, SECRET_TEXT), send('secret-rcs', RCS_ONLY, SECRET_TEXT)];
    for (const event of secrets) await watcher.publisher.publish('sendRequested', event, { key: event.messageId, messageId: event.messageId });

    // The link text is what reaches the carriers: delivered like any message.
    await watcher.waitFor((outcomes) => secrets.every((s) => outcomes.some((o) => o.messageId === s.messageId && o.status === DeliveryStatus.DELIVERED)), 45_000);
    await eventually(async () => {
      for (const secret of secrets) expect(await auditedAction(secret.messageId)).toBe('secure_link_created');
    }, 20_000);
    const { rows } = await db.query(`SELECT detail FROM "${stack.schemaOf('audit-sink')}".audit_events WHERE message_id = $1 AND event_type = 'routing_decision'`, [secrets[0]!.messageId]);
    expect(rows[0]?.detail).toMatchObject({ sensitivity: 'secret', detectorIds: ['secret.connection_string'], policyVersion: 0, cohort: 'default' });

    const smsc = await (await fetch(`http://127.0.0.1:${stack.ports['smsc-admin']}/_sim/messages`)).text();
    const hub = await (await fetch(`http://127.0.0.1:${stack.ports['hub']}/_sim/messages`)).text();
    expect(smsc).not.toContain(CANARY);
    expect(hub).not.toContain(CANARY);
    const links = [linkIn(smsc), linkIn(hub)];

    for (const link of links) {
      // What the recipient page does: derive the claim secret from the fragment, claim, decrypt.
      const keys = await deriveFromFragment(link.fragment);
      const claim = () => fetch(`${link.origin}/v1/links/${link.id}/claim`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ claimSecret: keys.claimSecret }) });
      const first = await claim();
      expect(first.status).toBe(200);
      const { ciphertext } = (await first.json()) as { ciphertext: string };
      expect(await openSecureLinkPayload(ciphertext, keys)).toMatchObject({ kind: 'text', text: SECRET_TEXT });
      expect((await claim()).status).toBe(404); // one view, then gone
    }
    // The store only ever held ciphertext, and the audit log saw the link's lifecycle.
    const stored = await db.query(`SELECT * FROM "${stack.schemaOf('payload-store')}".secure_links`);
    expect(JSON.stringify(stored.rows)).not.toContain(CANARY);
    await eventually(async () => {
      const lifecycle = await db.query(`SELECT outcome FROM "${stack.schemaOf('audit-sink')}".audit_events WHERE message_id = $1 AND event_type LIKE 'secure_link%' ORDER BY seq`, [secrets[0]!.messageId]);
      expect(lifecycle.rows.map((row: { outcome: string }) => row.outcome)).toEqual(expect.arrayContaining(['created', 'claimed']));
    }, 20_000);
  }, 90_000);

  it('blocks under a "block" policy, holds the text sealed, and releases it once on an audited override', async () => {
    const admin = (method: string, url: string, body: unknown) =>
      fetch(`http://127.0.0.1:${stack.ports['routing-admin']}${url}`, { method, headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await admin('PUT', '/v1/admin/tenants/strict/policy', { onSensitive: 'block' })).status).toBe(200);

    const blocked = create(SendRequestedSchema, { messageId: `${namespace}-blocked`, tenantId: 'strict', recipient: SMS_ONLY, content: { text: SECRET_TEXT }, requestedAtMs: BigInt(Date.now()) });
    await watcher.publisher.publish('sendRequested', blocked, { key: blocked.messageId, messageId: blocked.messageId });
    await eventually(async () => expect(await auditedAction(blocked.messageId)).toBe('blocked'), 30_000);

    const override = await admin('POST', `/v1/messages/${blocked.messageId}/override`, { tenantId: 'strict', reason: 'customer confirmed by phone, ticket 4711' });
    expect(override.status).toBe(200);
    expect((await admin('POST', `/v1/messages/${blocked.messageId}/override`, { tenantId: 'strict', reason: 'again' })).status).toBe(409);
    await watcher.waitFor((outcomes) => outcomes.some((o) => o.messageId === blocked.messageId && o.status === DeliveryStatus.DELIVERED), 30_000);

    const { rows } = await db.query(`SELECT event_type, outcome, detail FROM "${stack.schemaOf('audit-sink')}".audit_events WHERE (message_id = $1 AND event_type = 'routing_decision') OR (event_type = 'policy_changed' AND tenant_id = 'strict') ORDER BY seq`, [blocked.messageId]);
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
    const logs = readdirSync(logDir).filter((file) => file.endsWith('.log') && !file.includes('simulator'));
    expect(logs).toHaveLength(7);
    for (const file of logs) expect({ file, leaked: readFileSync(path.join(logDir, file), 'utf8').includes(CANARY) }).toEqual({ file, leaked: false });
  });

  it('keeps RBM access tokens and the agent key out of every service log', () => {
    // The hub simulator's tokens are "sim." and 32 url-safe characters; the key is a PEM.
    for (const file of readdirSync(logDir).filter((name) => name.endsWith('.log') && !name.includes('simulator'))) {
      const text = readFileSync(path.join(logDir, file), 'utf8');
      expect({ file, token: /sim\.[A-Za-z0-9_-]{32}|Bearer /.test(text), key: text.includes('PRIVATE KEY') }).toEqual({ file, token: false, key: false });
    }
  });
});
