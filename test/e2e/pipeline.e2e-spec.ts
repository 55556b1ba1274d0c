import { createKafka, EventPublisher, silentBusLogger, TopicNames } from '@switchback/bus';
import { Channel, create, DeliveryStatus, fromBinary, SendRequestedSchema, Topics, type TopicKey } from '@switchback/contracts';
import { PostgresDataKeyStore } from '@switchback/envelope';
import { openBusEnvelope } from '@switchback/runtime';
import { OutcomeWatcher, Stack } from '@switchback/stack';
import { eventually, testEnv, uniqueName } from '@switchback/testing';
import Redis from 'ioredis';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import path from 'node:path';
import { Client } from 'pg';
import { brokerLogDir, readTopics, segmentLeaks } from './support/leak-scan';

// Runs the compiled platform (make build) as separate processes against the real broker,
// database and cache, with both simulators speaking HTTP (RBM shape) and SMPP 3.4.
const root = path.resolve(__dirname, '../..');
const CANARY = 'canary-9f3c1e-do-not-store';
const execFileAsync = promisify(execFile);
const sbctl = (args: string[], env: Record<string, string>) => execFileAsync(process.execPath, [path.join(root, 'dist/tools/sbctl/src/main.js'), ...args], { env: { ...process.env, ...env } });

describe('walking skeleton: send request to audit row', () => {
  const namespace = uniqueName('e2e').replace(/-/g, '_');
  const stack = new Stack({ distDir: path.join(root, 'dist'), logDir: path.join(root, '.tools', 'logs', namespace), kafkaBrokers: testEnv.kafkaBrokers.join(','), namespace, basePort: 4300, databaseUrl: testEnv.databaseUrl, redisUrl: testEnv.redisUrl, smsOnlyPrefixes: ['+4477009009'], logLevel: 'debug', plaintextProducerTenants: ['acme'] });
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

  it('delivers an RCS-reachable recipient over RCS and an SMS-only one over SMPP, each audited without its text', async () => {
    const sends = [
      create(SendRequestedSchema, { messageId: `${namespace}-rcs`, tenantId: 'acme', recipient: '+447700900123', content: { text: `RCS ${CANARY}` }, requestedAtMs: BigInt(Date.now()) }),
      create(SendRequestedSchema, { messageId: `${namespace}-sms`, tenantId: 'acme', recipient: '+447700900999', content: { text: `SMS ${CANARY}` }, requestedAtMs: BigInt(Date.now()) }),
    ];
    // Keyed by message id: a producer never puts the number itself in the record key.
    for (const send of sends) await watcher.publisher.publish('sendRequested', send, { key: send.messageId, messageId: send.messageId });

    const deliveredOn = (id: string) => watcher.outcomes.find((o) => o.messageId === id && o.status === DeliveryStatus.DELIVERED)?.channel;
    await watcher.waitFor(() => sends.every((send) => deliveredOn(send.messageId) !== undefined), 45_000);
    expect(deliveredOn(`${namespace}-rcs`)).toBe(Channel.RCS);
    expect(deliveredOn(`${namespace}-sms`)).toBe(Channel.SMS);

    // audit-sink consumes the same outcomes on its own: wait for its rows, bounded.
    const rows = await eventually(async () => {
      const result = await db.query(`SELECT * FROM "${stack.databaseSchema}".audit_events WHERE message_id = ANY($1) ORDER BY seq`, [sends.map((s) => s.messageId)]);
      for (const send of sends) {
        const mine = result.rows.filter((row: { message_id: string }) => row.message_id === send.messageId);
        expect(mine.map((row: { event_type: string }) => row.event_type)).toEqual(expect.arrayContaining(['routing_decision', 'delivery_outcome']));
      }
      return result;
    }, 15_000, 200);
    const everything = JSON.stringify(rows.rows);
    expect(everything).not.toContain(CANARY);
    expect(everything).not.toContain('7700900');
  }, 60_000);

  it('accepts a producer HTTP send once per Idempotency-Key, delivers it through Kafka and shows its legs', async () => {
    const routing = `http://127.0.0.1:${stack.ports['routing']}`;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${stack.demoApiKey}`, 'idempotency-key': `${namespace}-ingress` };
    const body = JSON.stringify({ to: '+447700900777', text: `Ingress ${CANARY}`, trafficType: 'transactional' });
    const first = await fetch(`${routing}/v1/messages`, { method: 'POST', headers, body });
    expect(first.status).toBe(202);
    const { messageId } = (await first.json()) as { messageId: string };
    // The producer's retry: same answer, nothing sent twice.
    const replay = await fetch(`${routing}/v1/messages`, { method: 'POST', headers, body });
    expect(await replay.json()).toEqual({ messageId, status: 'accepted' });

    await watcher.waitFor(() => watcher.outcomes.some((o) => o.messageId === messageId && o.status === DeliveryStatus.DELIVERED), 45_000);
    const view = async () => (await fetch(`${routing}/v1/messages/${messageId}`, { headers: { authorization: `Bearer ${stack.demoApiKey}` } })).json() as Promise<{ legs: { status: string }[] }>;
    const shown = await eventually(async () => {
      const current = await view();
      expect(current.legs.map((leg) => leg.status)).toContain('delivered');
      return current;
    }, 15_000, 200);
    expect(shown).toMatchObject({ messageId, channel: 'rcs', actionTaken: 'sent_plain' });
    expect(JSON.stringify(shown)).not.toContain(CANARY);
    const submitted = watcher.outcomes.filter((o) => o.messageId === messageId && o.status === DeliveryStatus.SUBMITTED);
    expect(submitted).toHaveLength(1);

    // The operator's view of the same message and number, through sbctl.
    const env = { ROUTING_URL: routing, CAPABILITY_URL: `http://127.0.0.1:${stack.ports['capability-discovery']}`, SBCTL_CAPABILITY_KEY: stack.capabilityApiKey, SBCTL_API_KEY: stack.demoApiKey };
    expect(JSON.parse((await sbctl(['message', messageId], env)).stdout)).toMatchObject({ messageId, channel: 'rcs' });
    expect(JSON.parse((await sbctl(['capability', '+447700900777'], env)).stdout)).toMatchObject({ rcs: true, region: 'GB', status: 'amber' });
  }, 60_000);

  it('prints the capability matrix from capability history: GB recipients with and without RCS', async () => {
    const { stdout } = await sbctl(['matrix', '31'], { DATABASE_URL: testEnv.databaseUrl, DATABASE_SCHEMA: stack.schemaOf('capability-discovery') });
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^region\s+carrier\s+recipients\s+RCS\s+E2EE$/);
    // Three GB numbers so far: +447700900999 is SMS-only, +447700900123 and +447700900777 have
    // RCS without E2EE (the hub simulator names no carrier).
    expect(lines.slice(1)).toEqual([expect.stringMatching(/^GB\s+\(unknown\)\s+3\s+66\.7%\s+0\.0%$/)]);
  }, 30_000);

  it('keeps the audit log verifiable: a signed checkpoint, then sbctl verifies every row against the stack key and the witness', async () => {
    const audit = `http://127.0.0.1:${stack.ports['audit-sink']}`;
    expect((await fetch(`${audit}/v1/audit/checkpoints`, { method: 'POST', headers: { authorization: `Bearer ${stack.auditOperatorToken}` } })).ok).toBe(true);
    const keyFile = path.join(root, '.tools', 'logs', namespace, 'audit-public-key.pem');
    writeFileSync(keyFile, stack.auditPublicKey);
    const witness = path.join(root, '.tools', 'logs', namespace, 'audit-checkpoints.jsonl');
    const { stdout } = await sbctl(['audit', 'verify', '--public-key', keyFile, '--witness', witness], { DATABASE_URL: testEnv.databaseUrl, DATABASE_SCHEMA: stack.schemaOf('audit-sink') });
    expect(stdout).toMatch(/^ok: \d+ rows, [1-9]\d* checkpoints/m);
  }, 60_000);

  it('keeps the text and the phone numbers out of every service log and every cache entry', async () => {
    // Runs after the send above: debug-level logs of all processes and the stack's Redis keys.
    const logDir = path.join(root, '.tools', 'logs', namespace);
    const serviceLogs = readdirSync(logDir).filter((file) => file.endsWith('.log') && !file.includes('simulator'));
    expect(serviceLogs).toHaveLength(7);
    for (const file of serviceLogs) {
      const log = readFileSync(path.join(logDir, file), 'utf8');
      expect({ file, leaked: log.includes(CANARY) }).toEqual({ file, leaked: false });
      expect({ file, leaked: /\+?447700900(123|999)/.test(log) }).toEqual({ file, leaked: false });
    }
    const redis = new Redis(testEnv.redisUrl);
    try {
      const keys = await redis.keys(`${namespace}:*`);
      expect(keys.length).toBeGreaterThan(0);
      // Every type the services write: cache strings, leg hashes, the shared breakers' sorted sets.
      const valueOf = async (key: string): Promise<unknown> => {
        const type = await redis.type(key);
        if (type === 'string') return redis.get(key);
        if (type === 'hash') return redis.hgetall(key);
        if (type === 'zset') return redis.zrange(key, 0, -1, 'WITHSCORES');
        if (type === 'set') return redis.smembers(key);
        if (type === 'list') return redis.lrange(key, 0, -1);
        return `unread type ${type}`;
      };
      const values = await Promise.all(keys.map(valueOf));
      expect(values.filter((value) => typeof value === 'string' && value.startsWith('unread type'))).toEqual([]);
      const cache = JSON.stringify({ keys, values });
      expect(cache).not.toContain(CANARY);
      expect(cache).not.toMatch(/447700900(123|999)/);
    } finally {
      redis.disconnect();
    }
  });

  it('takes a plaintext producer of a tenant that allows it (sb-producer credential) and seals its send before routing it', async () => {
    const text = `Plaintext producer ${namespace}`;
    const messageId = `${namespace}-plain`;
    const producerKafka = createKafka({ serviceName: 'plain-producer', brokers: testEnv.kafkaBrokers, sasl: stack.saslOf('sb-producer'), topicPrefix: stack.topicPrefix, retryDelaysMs: [1_000], partitionsConcurrently: 1, logger: silentBusLogger });
    const producer = new EventPublisher(producerKafka, new TopicNames(stack.topicPrefix), undefined, stack.producerSigner);
    await producer.connect();
    try {
      const send = create(SendRequestedSchema, { messageId, tenantId: 'acme', recipient: '+447700900555', content: { text }, requestedAtMs: BigInt(Date.now()) });
      await producer.publish('sendRequestedPlaintext', send, { key: messageId, messageId });
    } finally {
      await producer.disconnect();
    }
    await watcher.waitFor(() => watcher.outcomes.some((o) => o.messageId === messageId && o.status === DeliveryStatus.DELIVERED), 45_000);
    // In clear on the one-hour plaintext topic only; sealed on sb.send.requested, as every other send.
    const holding = (topic: TopicKey) => readTopics(testEnv.kafkaBrokers, [`${stack.topicPrefix}${Topics[topic].name}`], 1, 20_000, (value) => value.includes(messageId));
    expect((await holding('sendRequestedPlaintext')).map((record) => record.value.includes(text))).toEqual([true]);
    const resealed = await holding('sendRequested');
    expect(resealed).toHaveLength(1);
    expect(resealed[0]!.value.includes(text) || resealed[0]!.value.includes('447700900555')).toBe(false);
  }, 60_000);

  it('keeps the text and the numbers out of the broker\'s own segment files, retry and dead-letter topics included', async () => {
    // Runs after the sends above: text and numbers are sealed on every topic from the producer on.
    const dataDir = await brokerLogDir(testEnv.kafkaBrokers, testEnv.kafkaDataDir);
    const { segments, leaks } = segmentLeaks(dataDir, stack.topicPrefix, [CANARY, /447700900(123|999)/]);
    expect(segments).toBeGreaterThan(10);
    expect(leaks).toEqual([]);
  });

  it('shreds: once the data keys are destroyed, not even a holder of the key-encryption key can read a sealed event', async () => {
    // Runs last (the stack's own services could not open new events afterwards).
    const sealedTopics: TopicKey[] = ['sendRequested', 'dispatchRcs', 'dispatchSms'];
    const records = await readTopics(testEnv.kafkaBrokers, sealedTopics.map((topic) => `${stack.topicPrefix}${Topics[topic].name}`), 6);
    expect(records.length).toBeGreaterThanOrEqual(6);
    const keyOf = (topicName: string) => sealedTopics.find((topic) => topicName === `${stack.topicPrefix}${Topics[topic].name}`)!;
    const openAll = async () => {
      // A fresh process's envelope: nothing cached, the stack's key-encryption key and key store.
      const handle = openBusEnvelope(stack.busEnvelope!);
      try {
        return await Promise.all(
          records.map(({ topic, value }) => {
            const event = fromBinary(Topics[keyOf(topic)].schema, value);
            return handle.envelope!.open(keyOf(topic), event).then(
              () => 'opened',
              (error: { code?: string }) => error.code,
            );
          }),
        );
      } finally {
        await handle.onApplicationShutdown();
      }
    };
    expect(new Set(await openAll())).toEqual(new Set(['opened']));

    // The lifecycles are over: destroy every data key of this stack (shredding, here without
    // waiting LIFECYCLE_MAX_AGE_S), then try again with every credential the services have.
    const store = new PostgresDataKeyStore(async (sql, params) => (await db.query(sql, [...params])).rows, stack.busEnvelope!.BUS_ENVELOPE_SCHEMA!);
    expect(await store.destroyBefore(new Date(Date.now() + 86_400_000), 1_000)).toBeGreaterThan(0);
    expect(new Set(await openAll())).toEqual(new Set(['key_destroyed']));
  }, 60_000);

  it('exports every metric the dashboard, the alerts and the SLO rules query (scraped from the running services)', async () => {
    const queried = new Set<string>();
    const files = ['deploy/grafana/dashboards/switchback-fallback.json', 'deploy/prometheus/alerts.yml', 'deploy/prometheus/slo-rules.yml'];
    for (const file of files) {
      for (const [name] of readFileSync(path.join(root, file), 'utf8').matchAll(/\bswitchback_[a-z0-9_]+/g)) queried.add(name.replace(/_(bucket|sum|count)$/, ''));
    }
    const exported = new Set<string>();
    for (const service of ['capability-discovery', 'routing', 'rcs-gateway', 'smpp-gateway', 'payload-store', 'audit-sink', 'webhook-dispatcher']) {
      const text = await (await fetch(`http://127.0.0.1:${stack.ports[service]}/metrics`)).text();
      for (const [, name] of text.matchAll(/^# TYPE (\S+) /gm)) exported.add(name!);
    }
    expect(queried.size).toBeGreaterThan(20);
    expect([...queried].filter((name) => !exported.has(name)).sort()).toEqual([]);
  });
});
