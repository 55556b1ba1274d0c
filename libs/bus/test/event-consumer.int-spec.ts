import { toBinary } from '@bufbuild/protobuf';
import { SendRequestedSchema } from '@switchback/contracts';
import { PermanentException, TransientException } from '@switchback/errors';
import { eventually } from '@switchback/testing';
import { BusHeaders } from '../src/bus-headers';
import { pendingDeadLetters, redriveDeadLetters } from '../src/dead-letter-redriver';
import { registerHandler } from '../src/event-handler';
import { BusFixture, sendRequest } from './bus-fixture';

describe('event consumer on a real broker', () => {
  let bus: BusFixture;
  afterEach(async () => bus.close());

  it('retries a failing handler through the retry tiers without holding up the partition', async () => {
    bus = new BusFixture('retry', { retryDelaysMs: [1_500, 1_500] });
    const calls: Array<{ id: string; attempt: number; at: number }> = [];
    await bus.start([
      registerHandler('sendRequested', async (event, context) => {
        calls.push({ id: event.messageId, attempt: context.attempt, at: Date.now() });
        if (event.messageId === 'flaky' && context.attempt < 3) throw new TransientException('hub_timeout', 'carrier hub timed out');
      }),
    ]);

    // Same key, so both land on one partition, the flaky one first.
    await bus.publisher.publish('sendRequested', sendRequest('flaky'), { key: 'same-recipient', messageId: 'flaky' });
    await bus.publisher.publish('sendRequested', sendRequest('behind'), { key: 'same-recipient', messageId: 'behind' });

    await eventually(() => expect(calls.filter((c) => c.id === 'flaky').map((c) => c.attempt)).toEqual([1, 2, 3]), 30_000);
    const flaky = calls.filter((c) => c.id === 'flaky');
    const behind = calls.filter((c) => c.id === 'behind');
    expect(behind).toHaveLength(1);
    // The message behind it ran before the first retry was even due.
    expect(behind[0]!.at).toBeLessThan(flaky[0]!.at + 1_500);
    expect(flaky[1]!.at - flaky[0]!.at).toBeGreaterThanOrEqual(1_500);

    // Both offsets of the event topic are committed once, and nothing was dead-lettered.
    await eventually(async () => expect(await bus.committedOffsets(bus.names.event('sendRequested'))).toBe(2));
    const parked = await bus.readTopic(bus.names.retry('bus-test', 1), 1);
    expect(parked[0]!.headers?.[BusHeaders.errorCode]?.toString()).toBe('hub_timeout');
  });

  it('dead-letters an undecodable message with its reason and goes on with the next one', async () => {
    bus = new BusFixture('poison');
    const handled: string[] = [];
    await bus.start([registerHandler('sendRequested', async (event) => void handled.push(event.messageId))]);

    const topic = bus.names.event('sendRequested');
    const producer = bus.kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'r', value: Buffer.from([0xff, 0xff, 0xff, 0x07]) }] });
    await producer.disconnect();
    await bus.publisher.publish('sendRequested', sendRequest('good'), { key: 'r', messageId: 'good' });

    await eventually(() => expect(handled).toEqual(['good']));
    const [dead] = await bus.readTopic(bus.names.deadLetter('bus-test'), 1);
    const header = (name: string) => dead!.headers?.[name]?.toString();
    expect(header(BusHeaders.errorCode)).toBe('undecodable');
    expect(header(BusHeaders.reason)).toMatch(/not a switchback.events.v1.SendRequested/);
    expect(header(BusHeaders.originalTopic)).toBe(topic);
    expect(header(BusHeaders.originalOffset)).toBe('0');
    expect(header(BusHeaders.attempts)).toBe('1');
    expect(dead!.value).toEqual(Buffer.from([0xff, 0xff, 0xff, 0x07]));
  });

  it('believes headers that call valid bytes something else, and ignores planted parking headers on a first read', async () => {
    bus = new BusFixture('headers');
    const handled: string[] = [];
    await bus.start([registerHandler('sendRequested', async (event) => void handled.push(event.messageId))]);

    const topic = bus.names.event('sendRequested');
    const value = Buffer.from(toBinary(SendRequestedSchema, sendRequest('odd')));
    const producer = bus.kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        { key: 'r', value, headers: { 'content-type': 'application/json' } },
        { key: 'r', value, headers: { 'sb-schema': 'switchback.events.v1.SomethingElse' } },
        { key: 'r', value, headers: { 'sb-schema-version': '999' } },
        // A forged origin and attempt count: the message is this topic's, at its first attempt.
        { key: 'r', value: Buffer.from([0xff, 0xff, 0xff, 0x07]), headers: { [BusHeaders.originalTopic]: 'sb.nowhere', [BusHeaders.attempts]: '-5' } },
      ],
    });
    await producer.disconnect();
    await bus.publisher.publish('sendRequested', sendRequest('good'), { key: 'r', messageId: 'good' });

    await eventually(() => expect(handled).toEqual(['good']));
    const dead = await bus.readTopic(bus.names.deadLetter('bus-test'), 4);
    const header = (index: number, name: string) => dead[index]!.headers?.[name]?.toString();
    expect(dead.map((_, index) => header(index, BusHeaders.errorCode))).toEqual(['undecodable', 'undecodable', 'undecodable', 'undecodable']);
    expect(header(0, BusHeaders.reason)).toMatch(/content-type is not application\/x-protobuf/);
    expect(header(1, BusHeaders.reason)).toMatch(/names another schema/);
    expect(header(1, BusHeaders.reason)).not.toContain('SomethingElse');
    expect(header(2, BusHeaders.reason)).toMatch(/sb-schema-version is not 1/);
    expect([header(3, BusHeaders.originalTopic), header(3, BusHeaders.attempts)]).toEqual([topic, '1']);
  });

  it('dead-letters a permanent failure at once and redrives it when asked', async () => {
    bus = new BusFixture('redrive');
    let accept = false;
    const attempts: number[] = [];
    await bus.start([
      registerHandler('sendRequested', async (_event, context) => {
        attempts.push(context.attempt);
        if (!accept) throw new PermanentException('policy_missing', 'no policy for tenant of +447700900123');
      }),
    ]);
    await bus.publisher.publish('sendRequested', sendRequest('m1'), { key: 'r', messageId: 'm1' });
    const [dead] = await bus.readTopic(bus.names.deadLetter('bus-test'), 1);
    expect(dead!.headers?.[BusHeaders.errorCode]?.toString()).toBe('policy_missing');
    // The reason is kept, the number it quoted is not (two weeks on a topic operators read).
    expect(dead!.headers?.[BusHeaders.reason]?.toString()).toBe('no policy for tenant of …');
    expect(attempts).toEqual([1]);

    accept = true;
    expect(await pendingDeadLetters(bus.kafka, bus.names, 'bus-test')).toBe(1);
    expect(await redriveDeadLetters(bus.kafka, bus.publisher, bus.names, 'bus-test')).toEqual({ redriven: 1 });
    await eventually(() => expect(attempts).toEqual([1, 1]));
    expect(await redriveDeadLetters(bus.kafka, bus.publisher, bus.names, 'bus-test')).toEqual({ redriven: 0 });
    expect(await pendingDeadLetters(bus.kafka, bus.names, 'bus-test')).toBe(0);
  });

  it('lets an in-flight handler finish on shutdown and commits it', async () => {
    bus = new BusFixture('drain');
    let started!: () => void;
    const handlerStarted = new Promise<void>((resolve) => (started = resolve));
    let finished = false;
    const consumer = await bus.start([
      registerHandler('sendRequested', async () => {
        started();
        await new Promise((resolve) => setTimeout(resolve, 700));
        finished = true;
      }),
    ]);
    await bus.publisher.publish('sendRequested', sendRequest('slow'), { key: 'r', messageId: 'slow' });
    await handlerStarted;
    await consumer.stop();
    expect(finished).toBe(true);
    expect(await bus.committedOffsets(bus.names.event('sendRequested'))).toBe(1);
  });

  it('works on several keys of a partition at once, each key strictly in order, and commits every offset', async () => {
    bus = new BusFixture('keys');
    const seen = new Map<string, number[]>();
    let inFlight = 0;
    let maxInFlight = 0;
    await bus.start([
      registerHandler('sendRequested', async (event, context) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 60));
        const [, seq] = event.messageId.split('#');
        seen.set(context.key!, [...(seen.get(context.key!) ?? []), Number(seq)]);
        inFlight -= 1;
      }),
    ]);
    const keys = Array.from({ length: 12 }, (_, k) => `recipient-${k}`);
    for (let seq = 0; seq < 4; seq += 1) {
      await Promise.all(keys.map((key) => bus.publisher.publish('sendRequested', sendRequest(`${key}#${seq}`), { key, messageId: `${key}#${seq}` })));
    }
    await eventually(() => expect([...seen.values()].flat()).toHaveLength(48), 30_000);
    for (const key of keys) expect(seen.get(key)).toEqual([0, 1, 2, 3]);
    // Three partitions at a time: more than three in flight means keys ran in parallel within a partition.
    expect(maxInFlight).toBeGreaterThan(3);
    await eventually(async () => expect(await bus.committedOffsets(bus.names.event('sendRequested'))).toBe(48));
  });
});
