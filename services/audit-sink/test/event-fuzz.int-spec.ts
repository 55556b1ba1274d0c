import { toBinary, type DescMessage } from '@bufbuild/protobuf';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { allDeclaredTopics, BusHeaders, createKafka, ensureTopics, EventPublisher, kafkaSaslOf, PROTOBUF_CONTENT_TYPE, SCHEMA_VERSION, silentBusLogger, TopicNames } from '@switchback/bus';
import { ActionTaken, Channel, create, DeliveryOutcomeSchema, DeliveryStatus, RoutingDecisionSchema, type EventOf, type TopicKey } from '@switchback/contracts';
import { eventually, expectReasoned, finishedMessages, fuzzEventBatch, fuzzRun, oddMessage, testEnv, uniqueName, watchDeadLetters, withSeed } from '@switchback/testing';
import { Client } from 'pg';
import { AppModule } from '../src/app.module';
import { generateSigningKeySeed } from '../src/chain/checkpoint-signer';
import { auditSinkConfigSchema } from '../src/config/audit-sink.config';
import { OPERATOR_TOKEN } from './audit-harness';

// Fuzzes audit-sink's consumer on the real broker and database (issue 18 item 2): odd but valid
// decisions and outcomes, damaged bytes, wrong headers, replays and reorders. Each is handled or
// dead-lettered with a reason, the hash chain still verifies, and a valid event is still chained.
// Replay a failure with the FUZZ_SEED it prints; FUZZ_RUNS changes the case count.
describe('audit-sink consumer under fuzz (real Kafka and Postgres)', () => {
  const run = fuzzRun(25);
  const name = uniqueName('audit_fz').replace(/-/g, '_');
  const config = auditSinkConfigSchema.parse({
    IDENTIFIER_HASH_KEY: 'an-int-test-key-0123456789',
    AUDIT_SIGNING_KEY: generateSigningKeySeed(),
    HTTP_PORT: '0',
    LOG_LEVEL: 'silent',
    ...testEnv.kafkaEnv,
    KAFKA_TOPIC_PREFIX: `${name}.`,
    BUS_RETRY_DELAYS_MS: '200',
    DATABASE_URL: testEnv.databaseUrl,
    DATABASE_SCHEMA: name,
    AUDIT_OPERATOR_TOKENS: `auditor:${OPERATOR_TOKEN}`,
  });
  const names = new TopicNames(config.KAFKA_TOPIC_PREFIX);
  const db = new Client({ connectionString: testEnv.databaseUrl, options: `-c search_path=${name}` });
  let app: INestApplication;
  let base: string;
  let publisher: EventPublisher;
  let deadLetters: Awaited<ReturnType<typeof watchDeadLetters>>;

  beforeAll(async () => {
    const kafka = createKafka({ serviceName: 'audit-fuzz-test', brokers: config.KAFKA_BROKERS, sasl: kafkaSaslOf(config), topicPrefix: config.KAFKA_TOPIC_PREFIX, retryDelaysMs: config.BUS_RETRY_DELAYS_MS, partitionsConcurrently: 1, logger: silentBusLogger });
    await ensureTopics(kafka, allDeclaredTopics(names, config.BUS_RETRY_DELAYS_MS.length));
    app = await NestFactory.create(AppModule.forRoot(config), { logger: false });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    publisher = app.get(EventPublisher);
    deadLetters = await watchDeadLetters(kafka, `${name}.dlq-reader`, [names.deadLetter('audit-sink')]);
    await db.connect();
  }, 60_000);

  afterAll(async () => {
    await deadLetters?.stop().catch(() => undefined);
    await app?.close();
    await db.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`).catch(() => undefined);
    await db.end();
  });

  async function fuzzTopic<K extends TopicKey>(topic: K, schema: DescMessage, valid: EventOf<K>): Promise<void> {
    await fuzzEventBatch<EventOf<K>>({
      run,
      topicName: names.event(topic),
      key: `fz-${topic}`,
      valid: { bytes: toBinary(schema, valid as never), headers: { [BusHeaders.contentType]: PROTOBUF_CONTENT_TYPE, [BusHeaders.schema]: schema.typeName, [BusHeaders.schemaVersion]: SCHEMA_VERSION, [BusHeaders.messageId]: 'fz-valid' } },
      odd: oddMessage(schema, run.canary) as never,
      publishEvent: (event, messageId) => publisher.publish(topic, event, { key: `fz-${topic}`, messageId }),
      publishRaw: (topicName, message) => publisher.publishRaw(topicName, message),
      finished: async () => finishedMessages(await (await fetch(`${base}/metrics`)).text(), 'audit-sink', topic),
    });
  }

  // Regression (found by this fuzzer): an entry Postgres refuses (a NUL in its text, a time
  // before year 1) failed the whole chain transaction it shared, so its good neighbours were
  // retried or dead-lettered too; and the reason of a refused entry quoted its event key.
  it('refuses an unwritable entry alone and names only its type', async () => {
    const retries = async () => (await (await fetch(`${base}/metrics`)).text()).split('\n').filter((l) => l.startsWith('switchback_bus_retries_total{') && l.includes('group="audit-sink"')).reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    const retriesBefore = await retries();
    const decision = (messageId: string, decidedAtMs: bigint) => create(RoutingDecisionSchema, { messageId, tenantId: 'acme', recipientHash: 'k1:r', channel: Channel.SMS, actionTaken: ActionTaken.SENT_PLAIN, decidedAtMs });
    const now = BigInt(Date.now());
    const bad = [decision(`fz-nul-${run.canary}\u0000`, now), decision(`fz-ancient-${run.canary}`, -1_000_000_000_000_000n)];
    for (const [index, event] of bad.entries()) await publisher.publish('routingDecision', event, { key: `fz-bad-${index}`, messageId: `fz-bad-${index}` });
    const good = `fz-${run.seed}-good-neighbour`;
    await publisher.publish('routingDecision', decision(good, now), { key: 'fz-good', messageId: good });
    await eventually(async () => expect((await db.query(`SELECT 1 FROM audit_events WHERE message_id = $1`, [good])).rowCount).toBe(1), 30_000);
    const refused = await eventually(() => {
      const found = deadLetters.records.filter((r) => r[BusHeaders.messageId]?.startsWith('fz-bad-'));
      expect(found).toHaveLength(2);
      return found;
    }, 30_000);
    expect(refused.map((r) => r[BusHeaders.errorCode])).toEqual(['audit_entry_invalid', 'audit_entry_invalid']);
    expectReasoned(refused, run.canary);
    expect(await retries()).toBe(retriesBefore);
  }, 60_000);

  it('survives odd decisions and outcomes, keeps its chain intact and still chains a valid event', async () => {
    await withSeed(run, 'audit-sink', async () => {
      const now = BigInt(Date.now());
      await fuzzTopic('routingDecision', RoutingDecisionSchema, create(RoutingDecisionSchema, { messageId: 'fz-d', tenantId: 'acme', recipientHash: 'k1:x', channel: Channel.SMS, actionTaken: ActionTaken.SENT_PLAIN, decidedAtMs: now }));
      await fuzzTopic('deliveryOutcome', DeliveryOutcomeSchema, create(DeliveryOutcomeSchema, { messageId: 'fz-o', tenantId: 'acme', recipientHash: 'k1:x', channel: Channel.SMS, leg: 1, status: DeliveryStatus.DELIVERED, occurredAtMs: now }));

      const sentinel = `fz-${run.seed}-sentinel`;
      await publisher.publish('routingDecision', create(RoutingDecisionSchema, { messageId: sentinel, tenantId: 'acme', recipientHash: 'k1:s', channel: Channel.SMS, actionTaken: ActionTaken.SENT_PLAIN, decidedAtMs: BigInt(Date.now()) }), { key: 'fz-routingDecision', messageId: sentinel });
      await eventually(async () => expect((await db.query(`SELECT 1 FROM audit_events WHERE message_id = $1`, [sentinel])).rowCount).toBe(1), 30_000);

      // The chain is whole: each row's prev_hash is the row before's hash, seq without gaps.
      const rows = (await db.query(`SELECT seq::int AS seq, prev_hash, row_hash FROM audit_events ORDER BY seq`)).rows as { seq: number; prev_hash: string; row_hash: string }[];
      rows.forEach((row, index) => {
        expect(row.seq).toBe(index + 1);
        if (index > 0) expect(row.prev_hash).toBe(rows[index - 1]!.row_hash);
      });
      const parked = deadLetters.records.filter((r) => !r[BusHeaders.messageId]?.startsWith('fz-bad-'));
      expectReasoned(parked, run.canary);
      if (process.env['FUZZ_VERBOSE']) console.log(rows.length, parked.map((r) => `${r[BusHeaders.errorCode]}: ${r[BusHeaders.reason]}`));
      expect((await fetch(`${base}/health/ready`)).status).toBe(200);
    });
  }, 90_000);
});
