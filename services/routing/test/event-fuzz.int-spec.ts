import { toBinary } from '@bufbuild/protobuf';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { allDeclaredTopics, BusHeaders, createKafka, ensureTopics, EventPublisher, kafkaSaslOf, PROTOBUF_CONTENT_TYPE, SCHEMA_VERSION, silentBusLogger, TopicNames } from '@switchback/bus';
import { Channel, create, DeliveryOutcomeSchema, DeliveryStatus, SendRequestedSchema, TrafficType, type DispatchCommand, type MessageTerminal, type TopicKey } from '@switchback/contracts';
import { eventually, expectReasoned, finishedMessages, fuzzEventBatch, fuzzRun, oddMessage, uniqueName, watchDeadLetters, withSeed, type EventFuzzTarget } from '@switchback/testing';
import { AppModule } from '../src/app.module';
import { CapabilityDouble } from './support/capability-double';
import { dropTestSchema, routingTestConfig } from './support/routing-test-config';

// Fuzzes routing's two consumers on the real broker and database (issue 18 item 2): odd but
// valid events, damaged bytes, wrong headers, replays and reorders. Each case is handled or
// dead-lettered with a reason; afterwards a valid send and its outcome still go through.
// Replay a failure with the FUZZ_SEED it prints; FUZZ_RUNS changes the case count.
describe('routing consumers under fuzz (real Kafka and Postgres)', () => {
  const run = fuzzRun(30);
  const name = uniqueName('routing_fz').replace(/-/g, '_');
  const config = routingTestConfig(name, { POLICY_CACHE_TTL_MS: '0' });
  const names = new TopicNames(config.KAFKA_TOPIC_PREFIX);
  const capabilities = new CapabilityDouble();
  const seen: { topic: TopicKey; event: unknown }[] = [];
  const stops: (() => Promise<unknown>)[] = [];
  let app: INestApplication;
  let base: string;
  let publisher: EventPublisher;
  let deadLetters: Awaited<ReturnType<typeof watchDeadLetters>>;

  beforeAll(async () => {
    const kafka = createKafka({ serviceName: 'routing-fuzz-test', brokers: config.KAFKA_BROKERS, sasl: kafkaSaslOf(config), topicPrefix: config.KAFKA_TOPIC_PREFIX, retryDelaysMs: config.BUS_RETRY_DELAYS_MS, partitionsConcurrently: 1, logger: silentBusLogger });
    await ensureTopics(kafka, allDeclaredTopics(names, config.BUS_RETRY_DELAYS_MS.length));
    app = await NestFactory.create(AppModule.forRoot({ ...config, CAPABILITY_BASE_URL: await capabilities.start() }), { logger: false });
    publisher = app.get(EventPublisher);
    const publish = publisher.publish.bind(publisher);
    jest.spyOn(publisher, 'publish').mockImplementation((topic, event, options) => {
      seen.push({ topic, event });
      return publish(topic, event, options);
    });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    deadLetters = await watchDeadLetters(kafka, `${name}.dlq-reader`, [names.deadLetter('routing'), names.deadLetter('routing-outcomes')]);
    stops.push(() => deadLetters.stop());
  }, 60_000);

  afterAll(async () => {
    for (const stop of stops) await stop().catch(() => undefined);
    await app?.close();
    await capabilities.stop();
    await dropTestSchema(name);
  });

  const finished = (group: string, topic: TopicKey) => async () => finishedMessages(await (await fetch(`${base}/metrics`)).text(), group, topic);
  const headersOf = (topic: TopicKey, typeName: string) => ({ [BusHeaders.contentType]: PROTOBUF_CONTENT_TYPE, [BusHeaders.schema]: typeName, [BusHeaders.schemaVersion]: SCHEMA_VERSION, [BusHeaders.messageId]: `fz-valid-${topic}` });
  const sendOf = (messageId: string) => create(SendRequestedSchema, { messageId, tenantId: 'acme', recipient: '+447700900123', content: { text: 'Doors open at 7pm.' }, trafficType: TrafficType.ALERT, requestedAtMs: BigInt(Date.now()) });
  const dispatchOf = (messageId: string) => seen.find((s) => (s.topic === 'dispatchSms' || s.topic === 'dispatchRcs') && (s.event as DispatchCommand).messageId === messageId)?.event as DispatchCommand | undefined;

  it('survives odd, damaged and mis-labelled sends, then routes a valid one', async () => {
    await withSeed(run, 'routing sendRequested', async () => {
      const valid = sendOf('fz-base');
      const target: EventFuzzTarget<typeof valid> = {
        run,
        topicName: names.event('sendRequested'),
        key: 'fz-send',
        valid: { bytes: toBinary(SendRequestedSchema, valid), headers: headersOf('sendRequested', SendRequestedSchema.typeName) },
        odd: oddMessage(SendRequestedSchema, run.canary),
        publishEvent: (event, messageId) => publisher.publish('sendRequested', event, { key: 'fz-send', messageId }),
        publishRaw: (topicName, message) => publisher.publishRaw(topicName, message),
        finished: finished('routing', 'sendRequested'),
      };
      const { published } = await fuzzEventBatch(target);
      expect(published).toBeGreaterThanOrEqual(run.numRuns);

      const sentinel = sendOf(`fz-${run.seed}-sentinel`);
      await publisher.publish('sendRequested', sentinel, { key: 'fz-send', messageId: sentinel.messageId });
      const dispatch = await eventually(() => {
        const found = dispatchOf(sentinel.messageId);
        expect(found).toBeDefined();
        return found!;
      }, 30_000);
      expect(dispatch).toMatchObject({ channel: Channel.SMS, leg: 1, recipient: '+447700900123' });
      expect((await fetch(`${base}/health/ready`)).status).toBe(200);
      const parked = deadLetters.records.filter((r) => r[BusHeaders.consumerGroup] === 'routing');
      expectReasoned(parked, run.canary);
      if (process.env['FUZZ_VERBOSE']) console.log(parked.map((r) => r[BusHeaders.errorCode] + ': ' + r[BusHeaders.reason]));
    });
  }, 90_000);

  // Regression (found by this fuzzer): an outcome Postgres refuses (a time past the calendar, a
  // leg past the int column, a NUL in its text) failed the whole group commit it shared, so the
  // good outcomes beside it were retried or dead-lettered with it. Now it is parked alone.
  it('parks an unwritable outcome alone: the good outcome beside it ends its message at once', async () => {
    const send = sendOf(`fz-${run.seed}-poison-neighbour`);
    await publisher.publish('sendRequested', send, { key: 'fz-send', messageId: send.messageId });
    const dispatch = await eventually(() => {
      const found = dispatchOf(send.messageId);
      expect(found).toBeDefined();
      return found!;
    }, 30_000);
    const metrics = async () => (await (await fetch(`${base}/metrics`)).text()).split('\n');
    const retries = async () => (await metrics()).filter((l) => l.startsWith('switchback_bus_retries_total{') && l.includes('group="routing-outcomes"')).reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    const retriesBefore = await retries();
    const good = create(DeliveryOutcomeSchema, { messageId: send.messageId, tenantId: 'acme', recipientHash: 'k1:p', channel: Channel.SMS, leg: dispatch.leg, status: DeliveryStatus.DELIVERED, occurredAtMs: BigInt(Date.now()) });
    const poisons = [
      create(DeliveryOutcomeSchema, { ...good, messageId: 'fz-poison-time', occurredAtMs: 2n ** 63n - 1n }),
      create(DeliveryOutcomeSchema, { ...good, messageId: 'fz-poison-leg', leg: 2 ** 32 - 1 }),
      create(DeliveryOutcomeSchema, { ...good, messageId: 'fz-poison-nul', reason: 'a\u0000b' }),
    ];
    // Different keys: the consumer runs them concurrently, so they share a group commit.
    for (const [index, poison] of poisons.entries()) await publisher.publish('deliveryOutcome', poison, { key: `fz-poison-${index}`, messageId: poison.messageId });
    await publisher.publish('deliveryOutcome', good, { key: 'fz-poison-good', messageId: `${send.messageId}-good` });
    await eventually(() => expect(seen.some((s) => s.topic === 'messageTerminal' && (s.event as MessageTerminal).messageId === send.messageId)).toBe(true), 30_000);
    await eventually(() => expect(deadLetters.records.filter((r) => r[BusHeaders.messageId]?.startsWith('fz-poison-')).map((r) => r[BusHeaders.errorCode])).toEqual(['malformed_outcome', 'malformed_outcome', 'malformed_outcome']), 30_000);
    expect(await retries()).toBe(retriesBefore);
  }, 60_000);

  it('survives odd, damaged, replayed and reordered outcomes, then ends a real message once', async () => {
    await withSeed(run, 'routing deliveryOutcome', async () => {
      const valid = create(DeliveryOutcomeSchema, { messageId: 'fz-base', tenantId: 'acme', recipientHash: 'k1:x', channel: Channel.SMS, leg: 1, status: DeliveryStatus.DELIVERED, occurredAtMs: BigInt(Date.now()) });
      const target: EventFuzzTarget<typeof valid> = {
        run,
        topicName: names.event('deliveryOutcome'),
        key: 'fz-outcome',
        valid: { bytes: toBinary(DeliveryOutcomeSchema, valid), headers: headersOf('deliveryOutcome', DeliveryOutcomeSchema.typeName) },
        odd: oddMessage(DeliveryOutcomeSchema, run.canary),
        publishEvent: (event, messageId) => publisher.publish('deliveryOutcome', event, { key: 'fz-outcome', messageId }),
        publishRaw: (topicName, message) => publisher.publishRaw(topicName, message),
        finished: finished('routing-outcomes', 'deliveryOutcome'),
      };
      await fuzzEventBatch(target);

      // A real message: its DELIVERED comes twice (a replay) and a stale SUBMITTED after it (a reorder).
      const send = sendOf(`fz-${run.seed}-outcome-sentinel`);
      await publisher.publish('sendRequested', send, { key: 'fz-send', messageId: send.messageId });
      const dispatch = await eventually(() => {
        const found = dispatchOf(send.messageId);
        expect(found).toBeDefined();
        return found!;
      }, 30_000);
      const outcome = (status: DeliveryStatus) => create(DeliveryOutcomeSchema, { messageId: send.messageId, tenantId: 'acme', recipientHash: 'k1:s', channel: Channel.SMS, leg: dispatch.leg, status, occurredAtMs: BigInt(Date.now()) });
      const before = await target.finished();
      for (const status of [DeliveryStatus.DELIVERED, DeliveryStatus.DELIVERED, DeliveryStatus.SUBMITTED]) await publisher.publish('deliveryOutcome', outcome(status), { key: 'fz-outcome', messageId: `${send.messageId}-${status}` });
      const terminals = () => seen.filter((s) => s.topic === 'messageTerminal' && (s.event as MessageTerminal).messageId === send.messageId).map((s) => s.event as MessageTerminal);
      // All three consumed (none parked for a retry still), and still exactly one end.
      await eventually(async () => expect(await target.finished()).toBeGreaterThanOrEqual(before + 3), 30_000);
      await eventually(() => expect(terminals()).toHaveLength(1), 30_000);
      expect(terminals()[0]).toMatchObject({ status: DeliveryStatus.DELIVERED, leg: dispatch.leg });
      const parked = deadLetters.records.filter((r) => r[BusHeaders.consumerGroup] === 'routing-outcomes');
      expectReasoned(parked, run.canary);
      if (process.env['FUZZ_VERBOSE']) console.log(parked.map((r) => r[BusHeaders.errorCode] + ': ' + r[BusHeaders.reason]));
    });
  }, 90_000);
});
