import { toBinary } from '@bufbuild/protobuf';
import { BusHeaders, createKafka, EventPublisher, kafkaSaslOf, PROTOBUF_CONTENT_TYPE, SCHEMA_VERSION, silentBusLogger, TopicNames } from '@switchback/bus';
import { Channel, create, DeliveryStatus, DispatchCommandSchema } from '@switchback/contracts';
import { eventually, expectReasoned, finishedMessages, fuzzEventBatch, fuzzRun, oddMessage, watchDeadLetters, withSeed } from '@switchback/testing';
import fc from 'fast-check';
import { startGateway, type GatewayApp } from './support/gateway-app';
import { Cmd, pdu, RawSmsc, receiptPdu, receiptText } from './support/raw-smsc';

// Fuzzes smpp-gateway from both sides (issue 18 item 2), on the real broker and Redis:
// - its dispatch consumer: odd commands, damaged bytes, wrong headers, replays and reorders;
// - its SMPP session, against a raw-socket SMSC: malformed PDUs, responses to nothing,
//   receipts with garbage text and TLVs, a PDU that breaks the framing.
// After each batch a normal submit and its receipt still work, and no garbage receipt moved a
// leg it did not name. Replay a failure with the FUZZ_SEED it prints; FUZZ_RUNS scales it.
describe('smpp-gateway under fuzz (real Kafka and Redis, raw SMSC)', () => {
  const run = fuzzRun(40);
  const smsc = new RawSmsc('R');
  let gateway: GatewayApp;
  let deadLetters: Awaited<ReturnType<typeof watchDeadLetters>>;
  let to = 0;
  const recipient = () => `+4477009005${String((to += 1)).padStart(2, '0')}`;
  const statuses = (messageId: string) => gateway.outcomesOf(messageId).map((o) => o.status);

  beforeAll(async () => {
    // A long enquire_link interval: recovering from a broken stream must not wait for it.
    gateway = await startGateway('smppfz', { SMPP_URL: await smsc.start(), SMPP_BINDS: '1', SMPP_WINDOW_SIZE: '2', SMPP_LOCAL_RETRIES: '0', SMPP_ENQUIRE_LINK_MS: '120000', CIRCUIT_WINDOW_CALLS: '1000', CIRCUIT_MIN_CALLS: '1000' });
    const { config } = gateway;
    const kafka = createKafka({ serviceName: 'smppfz-dlq', brokers: config.KAFKA_BROKERS, sasl: kafkaSaslOf(config), topicPrefix: config.KAFKA_TOPIC_PREFIX, retryDelaysMs: [300], partitionsConcurrently: 1, logger: silentBusLogger });
    deadLetters = await watchDeadLetters(kafka, `${config.KAFKA_TOPIC_PREFIX}dlq-reader`, [new TopicNames(config.KAFKA_TOPIC_PREFIX).deadLetter('smpp-gateway')]);
    await eventually(async () => expect((await fetch(`${gateway.baseUrl}/health/ready`)).status).toBe(200), 30_000);
  }, 90_000);

  afterAll(async () => {
    await deadLetters?.stop().catch(() => undefined);
    await gateway?.app.close();
    await smsc.stop();
  });

  /** Dispatches one leg, waits for its submit at the SMSC and returns the SMSC's id for it. */
  async function submitted(messageId: string): Promise<{ id: string; to: string }> {
    const number = recipient();
    await gateway.dispatch({ messageId, recipient: number, text: `hello ${messageId}` });
    const found = await eventually(() => {
      const sm = smsc.submitted.find((s) => s.to === number.slice(1));
      expect(sm).toBeDefined();
      return sm!;
    }, 20_000);
    await eventually(() => expect(statuses(messageId)).toEqual([DeliveryStatus.SUBMITTED]), 20_000);
    return { id: found.id, to: found.to };
  }

  /** A normal submit and receipt: the window is free and receipts still correlate. */
  async function provesHealthy(messageId: string): Promise<void> {
    const leg = await submitted(messageId);
    smsc.inject(receiptPdu(smsc.nextSequence(), leg.to, receiptText(leg.id, 'DELIVRD')));
    await eventually(() => expect(statuses(messageId)).toEqual([DeliveryStatus.SUBMITTED, DeliveryStatus.DELIVERED]), 20_000);
  }

  it('survives odd, damaged and mis-labelled dispatch commands, then sends a valid one', async () => {
    await withSeed(run, 'smpp-gateway dispatchSms', async () => {
      const { config, app } = gateway;
      const names = new TopicNames(config.KAFKA_TOPIC_PREFIX);
      const publisher = app.get(EventPublisher);
      const valid = create(DispatchCommandSchema, { messageId: 'fz-base', tenantId: 'acme', recipient: '+447700900599', channel: Channel.SMS, leg: 1, content: { text: 'hi' }, requestedAtMs: BigInt(Date.now()) });
      await fuzzEventBatch({
        run: { ...run, numRuns: Math.ceil(run.numRuns * 0.75) },
        topicName: names.event('dispatchSms'),
        key: 'fz-dispatch',
        valid: { bytes: toBinary(DispatchCommandSchema, valid), headers: { [BusHeaders.contentType]: PROTOBUF_CONTENT_TYPE, [BusHeaders.schema]: DispatchCommandSchema.typeName, [BusHeaders.schemaVersion]: SCHEMA_VERSION, [BusHeaders.messageId]: 'fz-valid' } },
        odd: oddMessage(DispatchCommandSchema, run.canary),
        publishEvent: (event, messageId) => publisher.publish('dispatchSms', event, { key: 'fz-dispatch', messageId }),
        publishRaw: (topicName, message) => publisher.publishRaw(topicName, message),
        finished: async () => finishedMessages(await (await fetch(`${gateway.baseUrl}/metrics`)).text(), 'smpp-gateway', 'dispatchSms'),
      }, 45_000);
      expectReasoned(deadLetters.records, run.canary);
      if (process.env['FUZZ_VERBOSE']) console.log(deadLetters.records.map((r) => `${r[BusHeaders.errorCode]}: ${r[BusHeaders.reason]}`));
      await provesHealthy(`fz-${run.seed}-dispatch-sentinel`);
    });
  }, 90_000);

  it('survives malformed PDUs, stray responses and garbage receipts, correlates nothing wrongly and keeps its window', async () => {
    await withSeed(run, 'smpp-gateway session', async () => {
      // A leg whose receipt is still to come: garbage receipts must leave it alone.
      const waiting = await submitted(`fz-${run.seed}-waiting`);
      // Ids that are not the waiting leg's (a NUL or a space would end the id: those are its id).
      const nearMisses = [`${waiting.id}0`, waiting.id.slice(0, -1), `x${waiting.id}`, `${waiting.id}-1`, `R${Number(waiting.id.slice(1)) + 1000}`, ''];
      const sequence = fc.oneof(fc.constantFrom(0, 0x7fffffff, 0xffffffff), fc.integer({ min: 100_000, max: 0x7ffffffe }));
      const bytes = (max: number) => fc.uint8Array({ maxLength: max }).map((b) => Buffer.from(b));
      const garbageText = fc.oneof(
        bytes(254),
        fc.constantFrom(...nearMisses).map((id) => receiptText(id, 'DELIVRD')),
        fc.tuple(fc.constantFrom(...nearMisses), fc.string({ maxLength: 12 })).map(([id, stat]) => Buffer.from(`id:${id} stat:${stat} err:${run.canary}`, 'latin1')),
        fc.constantFrom(Buffer.from('id: stat: err: text:'), Buffer.from('id:'), Buffer.from(`stat:DELIVRD ${'id:'.repeat(80)}`)),
      );
      const tlv = fc.oneof(
        fc.tuple(fc.constantFrom(0x001e, 0x0427, 0x0424, 0x1403), bytes(12)).map(([tag, value]) => Buffer.concat([Buffer.from([tag >> 8, tag & 0xff, value.length >> 8, value.length & 0xff]), value])),
        fc.constantFrom(...nearMisses).map((id) => Buffer.concat([Buffer.from([0x00, 0x1e, 0x00, id.length + 1]), Buffer.from(`${id}\u0000`, 'latin1')])),
        fc.constantFrom(Buffer.from([0x04, 0x27, 0x00, 0x00]), Buffer.from([0x04, 0x27, 0x00, 0x09, 0x05]), Buffer.from([0x00, 0x1e])),
      );
      const malformed = fc.oneof(
        // Commands nobody defined, with any body.
        fc.tuple(fc.integer({ min: 0x00000100, max: 0x000fffff }), sequence, bytes(64)).map(([id, seq, body]) => pdu(id, seq, body)),
        // Responses to nothing the gateway asked (out of its window), with any status.
        fc.tuple(fc.constantFrom(Cmd.submitSmResp, Cmd.enquireLinkResp, Cmd.genericNack, Cmd.deliverSmResp, 0x80000009), sequence, fc.integer({ min: 0, max: 0x500 }), bytes(40)).map(([id, seq, status, body]) => pdu(id, seq, body, status)),
        // Receipts with garbage text and TLVs.
        fc.tuple(garbageText, fc.array(tlv, { maxLength: 3 })).map(([text, tlvs]) => receiptPdu(smsc.nextSequence(), waiting.to, text, Buffer.concat(tlvs))),
        // A receipt cut short inside its fields (its length still says where it ends).
        fc.nat(30).map((cut) => {
          const whole = receiptPdu(smsc.nextSequence(), waiting.to, receiptText('R999999', 'DELIVRD'));
          const body = whole.subarray(16, 16 + cut);
          return pdu(Cmd.deliverSm, whole.readUInt32BE(12), body);
        }),
      );
      const batch = fc.sample(malformed, { seed: run.seed, numRuns: run.numRuns });
      for (const chunk of batch) smsc.inject(chunk);
      // Stays bound through all of that, and the waiting leg is untouched.
      await eventually(async () => expect((await fetch(`${gateway.baseUrl}/health/ready`)).status).toBe(200), 10_000);
      expect(gateway.outcomesOf(`fz-${run.seed}-waiting`).map((o) => `${o.status}:${o.carrierMessageId}:${o.reason}`)).toEqual([`${DeliveryStatus.SUBMITTED}:${waiting.id}:`]);
      await provesHealthy(`fz-${run.seed}-after-garbage`);

      // Last, a PDU whose length breaks the framing: the stream cannot be trusted after it.
      const binds = smsc.binds;
      const breaker = fc.sample(fc.constantFrom(0xffffffff, 16_385, 8, 15), { seed: run.seed, numRuns: 1 })[0]!;
      const header = Buffer.alloc(16);
      header.writeUInt32BE(breaker, 0);
      header.writeUInt32BE(Cmd.deliverSm, 4);
      smsc.inject(Buffer.concat([header, Buffer.alloc(16)]));
      await eventually(() => expect(smsc.binds).toBeGreaterThan(binds), 10_000);
      await eventually(async () => expect((await fetch(`${gateway.baseUrl}/health/ready`)).status).toBe(200), 10_000);
      await provesHealthy(`fz-${run.seed}-after-break`);

      // The waiting leg's real receipt, on the new bind, still finds it.
      smsc.inject(receiptPdu(smsc.nextSequence(), waiting.to, receiptText(waiting.id, 'DELIVRD')));
      await eventually(() => expect(statuses(`fz-${run.seed}-waiting`)).toEqual([DeliveryStatus.SUBMITTED, DeliveryStatus.DELIVERED]), 20_000);
      // No garbage receipt produced an outcome for any leg of this test.
      for (const outcome of gateway.outcomes.filter((o) => o.messageId.startsWith(`fz-${run.seed}-`))) expect(outcome.reason).not.toContain(run.canary);
    });
  }, 90_000);
});
