import { startSmscSimulator, type SmscSimulator } from './smsc-simulator';
import type { SmscSimulatorOptions } from './smsc-options';
import { connectEsme, receiptTextOf, type TestEsme } from './testing/test-esme';
import { recordLogs } from '@switchback/simulator-support';

const RECEIPT = /^id:(\S+) sub:001 dlvrd:001 submit date:\d{10} done date:\d{10} stat:DELIVRD err:000 text:$/;
const GSM = 0x00;
const UCS2 = 0x08;
const SUBMIT = { source_addr: 'Switchback', source_addr_ton: 5, dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '447700900123', registered_delivery: 1 };

describe('SMSC simulator', () => {
  let smsc: SmscSimulator | undefined;
  const esmes: TestEsme[] = [];

  const start = async (options: Partial<SmscSimulatorOptions> = {}) => {
    smsc = await startSmscSimulator({ systemId: 'switchback', password: 'secret', receiptDelayMs: 10, ...options });
    return smsc;
  };
  const esme = async (sim: SmscSimulator) => {
    const client = await connectEsme(sim.url);
    esmes.push(client);
    return client;
  };
  const boundEsme = async (sim: SmscSimulator) => {
    const client = await esme(sim);
    expect((await client.bind()).command_status).toBe(0);
    return client;
  };

  afterEach(async () => {
    await Promise.all(esmes.splice(0).map((c) => c.destroy()));
    await smsc?.close();
    smsc = undefined;
  });

  describe('binding', () => {
    it('binds a transceiver with the right credentials', async () => {
      const sim = await start();
      const client = await esme(sim);
      const resp = await client.bind();
      expect(resp.command).toBe('bind_transceiver_resp');
      expect(resp.command_status).toBe(0);
      expect(resp['system_id']).toBe('SMSCSIM');
      expect(sim.activeSessions()).toEqual([{ id: 1, bindType: 'transceiver', systemId: 'switchback' }]);
      expect(sim.stats().binds).toBe(1);
    });

    it('refuses a wrong password with ESME_RINVPASWD and closes the connection', async () => {
      const sim = await start();
      const client = await esme(sim);
      const resp = await client.bind('transceiver', { system_id: 'switchback', password: 'nope' });
      expect(resp.command_status).toBe(0x0e);
      await client.closed();
      expect(sim.stats()).toMatchObject({ binds: 0, bindFailures: 1 });
    });

    it('refuses an unknown system_id with ESME_RINVSYSID', async () => {
      const sim = await start();
      const resp = await (await esme(sim)).bind('transmitter', { system_id: 'someone', password: 'secret' });
      expect(resp.command_status).toBe(0x0f);
    });

    it('answers submit_sm before bind with ESME_RINVBNDSTS', async () => {
      const sim = await start();
      const resp = await (await esme(sim)).submit({ ...SUBMIT, short_message: 'too early' });
      expect(resp.command_status).toBe(0x04);
      expect(sim.messages()).toEqual([]);
    });

    it('answers a second bind on the same session with ESME_RALYBND', async () => {
      const sim = await start();
      const client = await boundEsme(sim);
      expect((await client.bind()).command_status).toBe(0x05);
    });

    it('answers enquire_link, and unbind before closing', async () => {
      const sim = await start();
      const client = await boundEsme(sim);
      expect((await client.enquireLink()).command).toBe('enquire_link_resp');
      expect((await client.unbind()).command).toBe('unbind_resp');
      await client.closed();
      expect(sim.stats()).toMatchObject({ enquireLinks: 1, unbinds: 1 });
    });

    it('survives a client that drops the connection and serves the next one', async () => {
      const logs = recordLogs();
      const sim = await start({ log: logs.log });
      await (await boundEsme(sim)).destroy();
      await logs.waitFor('session.closed');
      expect(sim.activeSessions()).toEqual([]);
      const next = await boundEsme(sim);
      expect((await next.submit({ ...SUBMIT, data_coding: GSM, short_message: 'still here' })).command_status).toBe(0);
    });
  });

  describe('submit_sm and receipts', () => {
    it('accepts GSM text (data_coding 0), records it, and sends a correlated DELIVRD receipt', async () => {
      const sim = await start();
      const client = await boundEsme(sim);
      const resp = await client.submit({ ...SUBMIT, data_coding: GSM, short_message: 'Code 1234 @ £5 {ok} €' });
      expect(resp.command_status).toBe(0);
      const id = String(resp['message_id']);
      expect(id).toMatch(/^[0-9A-F]{8}$/);
      expect(sim.messages()).toEqual([
        expect.objectContaining({ id, partIds: [id], source: 'Switchback', destination: '447700900123', dataCoding: GSM, text: 'Code 1234 @ £5 {ok} €', parts: 1 }),
      ]);

      const receipt = await client.waitForDeliverSm();
      expect(receipt['esm_class']).toBe(0x04);
      expect(receipt['data_coding']).toBe(0);
      expect(receipt['receipted_message_id']).toBe(id);
      expect(receipt['message_state']).toBe(2);
      expect(receipt['source_addr']).toBe('447700900123');
      expect(receipt['destination_addr']).toBe('Switchback');
      expect(receipt['source_addr_ton']).toBe(1);
      expect(receipt['dest_addr_ton']).toBe(5);
      expect(RECEIPT.exec(receiptTextOf(receipt))?.[1]).toBe(id);
      expect(sim.stats()).toMatchObject({ submits: 1, messages: 1, receiptsSent: 1 });
    });

    it('gives every submit a unique message_id', async () => {
      const sim = await start();
      const client = await boundEsme(sim);
      const ids = [];
      for (let i = 0; i < 5; i += 1) ids.push((await client.submit({ ...SUBMIT, data_coding: GSM, short_message: `m${i}` }))['message_id']);
      expect(new Set(ids).size).toBe(5);
    });

    it('uses decimal ids in both places in decimal mode', async () => {
      const sim = await start({ messageIdFormat: 'decimal' });
      const client = await boundEsme(sim);
      const id = String((await client.submit({ ...SUBMIT, data_coding: GSM, short_message: 'x' }))['message_id']);
      expect(id).toMatch(/^\d{1,10}$/);
      const receipt = await client.waitForDeliverSm();
      expect(RECEIPT.exec(receiptTextOf(receipt))?.[1]).toBe(id);
      expect(receipt['receipted_message_id']).toBe(id);
    });

    it('answers hex and receipts the same number in decimal in hex-resp-decimal-receipt mode', async () => {
      const sim = await start({ messageIdFormat: 'hex-resp-decimal-receipt' });
      const client = await boundEsme(sim);
      const hex = String((await client.submit({ ...SUBMIT, data_coding: GSM, short_message: 'x' }))['message_id']);
      expect(hex).toMatch(/^[0-9A-F]+$/);
      const receipt = await client.waitForDeliverSm();
      const decimal = String(parseInt(hex, 16));
      expect(RECEIPT.exec(receiptTextOf(receipt))?.[1]).toBe(decimal);
      expect(receipt['receipted_message_id']).toBe(decimal);
    });

    it('round-trips UCS-2 text (data_coding 8), including characters outside the BMP', async () => {
      const sim = await start();
      const client = await boundEsme(sim);
      const text = 'Привет, 世界 👋';
      expect((await client.submit({ ...SUBMIT, data_coding: UCS2, short_message: text })).command_status).toBe(0);
      expect(sim.messages()[0]).toMatchObject({ dataCoding: UCS2, text });
    });

    it('reassembles a two-part message with an 8-bit reference UDH, parts arriving out of order', async () => {
      const sim = await start();
      const client = await boundEsme(sim);
      const udh = (seq: number) => Buffer.from([0x05, 0x00, 0x03, 0x2a, 0x02, seq]);
      const second = await client.submit({ ...SUBMIT, data_coding: GSM, short_message: { udh: udh(2), message: 'second half.' } });
      expect(sim.messages()).toEqual([]);
      expect(sim.pending().incompleteConcatenations).toBe(1);
      const first = await client.submit({ ...SUBMIT, data_coding: GSM, short_message: { udh: udh(1), message: 'First half, ' } });
      const message = await sim.waitForMessage(() => true, 1_000);
      expect(message).toMatchObject({ text: 'First half, second half.', parts: 2, partIds: [first['message_id'], second['message_id']] });
      await client.waitForDeliverSm((p) => p['receipted_message_id'] === first['message_id']);
      await client.waitForDeliverSm((p) => p['receipted_message_id'] === second['message_id']);
    });

    it('reassembles UCS-2 parts with a 16-bit reference UDH', async () => {
      const sim = await start();
      const client = await boundEsme(sim);
      const udh = (seq: number) => Buffer.from([0x06, 0x08, 0x04, 0x12, 0x34, 0x02, seq]);
      await client.submit({ ...SUBMIT, data_coding: UCS2, short_message: { udh: udh(1), message: 'Здравствуй, ' } });
      await client.submit({ ...SUBMIT, data_coding: UCS2, short_message: { udh: udh(2), message: 'мир!' } });
      expect(sim.messages()[0]).toMatchObject({ text: 'Здравствуй, мир!', parts: 2, dataCoding: UCS2 });
    });

    it('reassembles parts numbered with the sar_* TLVs', async () => {
      const sim = await start();
      const client = await boundEsme(sim);
      const sar = (seq: number) => ({ sar_msg_ref_num: 7, sar_total_segments: 2, sar_segment_seqnum: seq });
      await client.submit({ ...SUBMIT, data_coding: GSM, short_message: 'one ', ...sar(1) });
      await client.submit({ ...SUBMIT, data_coding: GSM, short_message: 'two', ...sar(2) });
      expect(sim.messages()[0]).toMatchObject({ text: 'one two', parts: 2 });
    });

    it('accepts long text in the message_payload TLV', async () => {
      const sim = await start();
      const client = await boundEsme(sim);
      const text = 'x'.repeat(400);
      expect((await client.submit({ ...SUBMIT, data_coding: GSM, message_payload: text })).command_status).toBe(0);
      expect(sim.messages()[0]?.text).toBe(text);
    });

    it('refuses a short_message over 254 octets with ESME_RINVMSGLEN (the package itself lets 255 through)', async () => {
      const sim = await start();
      const client = await boundEsme(sim);
      expect((await client.submit({ ...SUBMIT, data_coding: GSM, short_message: 'y'.repeat(254) })).command_status).toBe(0);
      expect((await client.submit({ ...SUBMIT, data_coding: GSM, short_message: 'y'.repeat(255) })).command_status).toBe(0x01);
    });

    it('sends no receipt when registered_delivery does not ask for one', async () => {
      const sim = await start();
      const client = await boundEsme(sim);
      const silent = await client.submit({ ...SUBMIT, registered_delivery: 0, data_coding: GSM, short_message: 'no receipt' });
      const loud = await client.submit({ ...SUBMIT, data_coding: GSM, short_message: 'receipt' });
      // Same delay, submitted later: had `silent` been given a receipt, it would have come first.
      await client.waitForDeliverSm((p) => p['receipted_message_id'] === loud['message_id']);
      expect(client.delivered.map((p) => p['receipted_message_id'])).toEqual([loud['message_id']]);
      expect(silent.command_status).toBe(0);
    });

    it('drops receipts when told to', async () => {
      const logs = recordLogs();
      const sim = await start({ dropReceipts: true, log: logs.log });
      const client = await boundEsme(sim);
      await client.submit({ ...SUBMIT, data_coding: GSM, short_message: 'lost receipt' });
      await logs.waitFor('receipt.dropped');
      expect(sim.stats().receiptsSent).toBe(0);
    });
  });

  describe('refusals', () => {
    it('answers a rejected destination prefix with its command_status', async () => {
      const sim = await start({ rejectPrefixes: [{ prefix: '+1999', status: 0x0b }] });
      const client = await boundEsme(sim);
      expect((await client.submit({ ...SUBMIT, destination_addr: '19995550100', data_coding: GSM, short_message: 'x' })).command_status).toBe(0x0b);
      expect((await client.submit({ ...SUBMIT, destination_addr: '19885550100', data_coding: GSM, short_message: 'x' })).command_status).toBe(0);
      expect(sim.stats()).toMatchObject({ rejected: 1, submits: 1 });
    });

    it('throttles past N submits per second with ESME_RTHROTTLED', async () => {
      const sim = await start({ throttleAfterPerSecond: 2 });
      const client = await boundEsme(sim);
      const statuses = [];
      for (let i = 0; i < 3; i += 1) statuses.push((await client.submit({ ...SUBMIT, data_coding: GSM, short_message: `t${i}` })).command_status);
      expect(statuses).toEqual([0, 0, 0x58]);
      expect(sim.stats()).toMatchObject({ throttled: 1, submits: 2 });
    });

    it('answers submit_sm on a receiver-only bind with ESME_RINVBNDSTS', async () => {
      const sim = await start();
      const receiver = await esme(sim);
      await receiver.bind('receiver');
      expect((await receiver.submit({ ...SUBMIT, data_coding: GSM, short_message: 'x' })).command_status).toBe(0x04);
    });
  });

  describe('receipt routing', () => {
    it('sends the receipts of a transmitter to a receiver bound with the same system_id', async () => {
      const sim = await start();
      const transmitter = await esme(sim);
      const receiver = await esme(sim);
      await transmitter.bind('transmitter');
      await receiver.bind('receiver');
      const resp = await transmitter.submit({ ...SUBMIT, data_coding: GSM, short_message: 'x' });
      const receipt = await receiver.waitForDeliverSm();
      expect(receipt['receipted_message_id']).toBe(resp['message_id']);
      expect(transmitter.delivered).toEqual([]);
    });

    it('holds a receipt whose ESME disconnected and delivers it when it binds again', async () => {
      const logs = recordLogs();
      const sim = await start({ log: logs.log, receiptDelayMs: 30 });
      const first = await boundEsme(sim);
      const resp = await first.submit({ ...SUBMIT, data_coding: GSM, short_message: 'x' });
      await first.destroy();
      await logs.waitFor('receipt.held');
      expect(sim.pending().heldReceipts).toBe(1);
      const again = await boundEsme(sim);
      const receipt = await again.waitForDeliverSm();
      expect(receipt['receipted_message_id']).toBe(resp['message_id']);
      expect(sim.pending().heldReceipts).toBe(0);
    });
  });
});
