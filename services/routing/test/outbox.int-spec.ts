import { randomBytes } from 'node:crypto';
import { allDeclaredTopics, createKafka, ensureTopics, EventPublisher, silentBusLogger, tailEvents, TopicNames } from '@switchback/bus';
import { Channel, create, DispatchCommandSchema, type DispatchCommand } from '@switchback/contracts';
import { openDataSource } from '@switchback/persistence';
import { eventually, testEnv, uniqueName } from '@switchback/testing';
import type { DataSource } from 'typeorm';
import { routingEntities, routingMigrations } from '../src/database/routing-database';
import { HoldCipher } from '../src/hold/hold-cipher';
import { Outbox } from '../src/outbox/outbox';
import { OutboxRelay } from '../src/outbox/outbox-relay';
import { StagedEvents } from '../src/outbox/staged-events';

// The outbox on the real database and broker: what a transaction stages is sealed at rest,
// published after the commit (deliver) or, when the caller died after the commit, by the relay
// once the rows are old enough; a transaction that rolls back publishes nothing.
const RELAY_AFTER_MS = 300;

describe('routing outbox (real Postgres and Kafka)', () => {
  const name = uniqueName('routing_outbox').replace(/-/g, '_');
  const names = new TopicNames(`${name}.`);
  const kafka = createKafka({ serviceName: 'outbox-test', brokers: testEnv.kafkaBrokers, sasl: testEnv.kafkaSasl, topicPrefix: `${name}.`, retryDelaysMs: [200], partitionsConcurrently: 1, logger: silentBusLogger });
  const stopTail = new AbortController();
  const seen: DispatchCommand[] = [];
  let tailDone: Promise<unknown> = Promise.resolve();
  let dataSource: DataSource;
  let publisher: EventPublisher;
  let outbox: Outbox;

  const command = (messageId: string, text: string) =>
    create(DispatchCommandSchema, { messageId, tenantId: 'acme', recipient: '+447700900123', content: { text }, channel: Channel.SMS, leg: 2, requestedAtMs: 1n });
  const stageCommitted = (messageId: string, text: string) => {
    const staged = new StagedEvents();
    void staged.publish('dispatchSms', command(messageId, text), { key: 'h-1', messageId });
    return dataSource.transaction((manager) => outbox.stage(manager, staged.events));
  };
  const rowsOf = async (messageId: string) => (await dataSource.query('SELECT topic, payload FROM outbox_events WHERE message_id = $1', [messageId])) as { topic: string; payload: Buffer }[];
  const seenOf = (messageId: string) => seen.filter((event) => event.messageId === messageId);

  beforeAll(async () => {
    await ensureTopics(kafka, allDeclaredTopics(names, 1));
    dataSource = await openDataSource({ url: testEnv.databaseUrl, schema: name, entities: routingEntities, migrations: routingMigrations, poolSize: 4 });
    publisher = new EventPublisher(kafka, names);
    await publisher.connect();
    outbox = new Outbox(dataSource, publisher, new HoldCipher({ id: 'k1', key: randomBytes(32) }), { OUTBOX_RELAY_AFTER_MS: RELAY_AFTER_MS });
    // A topic created a moment ago may not have its leader yet: try the tail again until it has.
    for (let attempt = 1; ; attempt++) {
      const started = await new Promise<boolean>((ready) => {
        tailDone = tailEvents(kafka, names, 'dispatchSms', { signal: stopTail.signal, onReady: () => ready(true), onEvent: ({ event }) => void seen.push(event) }).catch(() => ready(false));
      });
      if (started) break;
      if (attempt === 20) throw new Error('the dispatchSms tail never started');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }, 60_000);

  afterAll(async () => {
    stopTail.abort();
    await tailDone;
    await publisher?.disconnect();
    await dataSource?.query(`DROP SCHEMA "${name}" CASCADE`);
    await dataSource?.destroy();
  });

  it('keeps staged events sealed, and after the commit publishes them and deletes their rows', async () => {
    const canary = `canary-${randomBytes(6).toString('hex')}`;
    const staged = await stageCommitted('m-deliver', `${canary} your table is ready`);
    const rows = await rowsOf('m-deliver');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.topic).toBe('dispatchSms');
    expect(rows[0]!.payload.toString('latin1')).not.toContain(canary);

    await outbox.deliver(staged);
    await eventually(() => expect(seenOf('m-deliver').map((e) => e.content?.text)).toEqual([`${canary} your table is ready`]), 20_000);
    expect(await rowsOf('m-deliver')).toEqual([]);
  });

  it('relays rows their transaction committed but nobody delivered, once they are old enough', async () => {
    await stageCommitted('m-orphan', 'left behind by a crash');
    const relay = new OutboxRelay(outbox, { OUTBOX_RELAY_INTERVAL_MS: 60_000 });
    // Younger than OUTBOX_RELAY_AFTER_MS: its own transaction may still be publishing it.
    expect(await relay.drain()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, RELAY_AFTER_MS + 200));
    expect(await relay.drain()).toBeGreaterThanOrEqual(1);
    await eventually(() => expect(seenOf('m-orphan').map((e) => [e.content?.text, e.leg])).toEqual([['left behind by a crash', 2]]), 20_000);
    expect(await rowsOf('m-orphan')).toEqual([]);
  });

  it('publishes nothing for a transaction that rolled back', async () => {
    const staged = new StagedEvents();
    void staged.publish('dispatchSms', command('m-rollback', 'never sent'), { key: 'h-1', messageId: 'm-rollback' });
    await expect(
      dataSource.transaction(async (manager) => {
        await outbox.stage(manager, staged.events);
        throw new Error('the transition failed');
      }),
    ).rejects.toThrow('the transition failed');
    expect(await rowsOf('m-rollback')).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, RELAY_AFTER_MS + 200));
    expect(await new OutboxRelay(outbox, { OUTBOX_RELAY_INTERVAL_MS: 60_000 }).drain()).toBe(0);
    expect(seenOf('m-rollback')).toEqual([]);
  });
});
