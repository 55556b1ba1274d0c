import { eventually } from '@switchback/testing';
import { SmppClient } from '../src/smpp/smpp-client';
import { startGateway, type GatewayApp } from './support/gateway-app';
import { SmscProcess } from './support/smsc-process';

// Throughput under the per-bind limit over two binds, and a graceful shutdown in mid-flight.
const BINDS = 2;
const PER_BIND = 250;
const LIMIT = BINDS * PER_BIND;
const COUNT = 2_000;

describe('smpp-gateway throughput and shutdown (SMSC simulator)', () => {
  let smsc: SmscProcess;
  let gateway: GatewayApp;
  let closed = false;

  beforeAll(async () => {
    smsc = await SmscProcess.start({ SMSC_SIM_RECEIPT_DELAY_MS: '20' });
    gateway = await startGateway('smpplife', { SMPP_URL: smsc.smppUrl, SMPP_BINDS: String(BINDS), SMPP_WINDOW_SIZE: '10', SMPP_THROUGHPUT_PER_SECOND: String(PER_BIND) });
    await eventually(() => expect(gateway.app.get(SmppClient).boundCount).toBe(BINDS), 30_000);
  }, 90_000);

  afterAll(async () => {
    if (!closed) await gateway?.app.close();
    await smsc?.stop();
  });

  it(`submits ${COUNT} PDUs at no more than the ${LIMIT} msg/s limit of ${BINDS} binds`, async () => {
    await smsc.configure({ receiptDelayMs: null });
    const client = gateway.app.get(SmppClient);
    const fields = { source_addr: 'Switchback', source_addr_ton: 5, destination_addr: '447700900999', dest_addr_ton: 1, dest_addr_npi: 1, data_coding: 0, registered_delivery: 0, short_message: Buffer.from('load') };
    const before = (await smsc.stats()).submits;
    const started = performance.now();
    const responses = await Promise.all(Array.from({ length: COUNT }, () => client.lease().submit(fields)));
    const seconds = (performance.now() - started) / 1000;
    const rate = COUNT / seconds;
    console.log(`[smpp throughput] ${COUNT} submit_sm over ${BINDS} binds at ${LIMIT} msg/s limit: ${rate.toFixed(1)} msg/s (${seconds.toFixed(2)} s)`);
    expect(responses.every((r) => r.command_status === 0)).toBe(true);
    expect((await smsc.stats()).submits - before).toBe(COUNT);
    expect(rate).toBeLessThanOrEqual(LIMIT * 1.1);
    for (const bind of client.windows()) expect(bind.peak).toBeLessThanOrEqual(10);
  }, 60_000);

  it('drains outstanding submits, unbinds every bind and leaves no PDU unanswered on shutdown', async () => {
    await smsc.configure({ receiptDelayMs: 20, responseDelayMs: 400 });
    const client = gateway.app.get(SmppClient);
    const before = await smsc.stats();
    const ids = Array.from({ length: 8 }, (_, i) => `shutdown-${i}`);
    await Promise.all(ids.map((messageId, i) => gateway.dispatch({ messageId, recipient: `+4477009003${String(i).padStart(2, '0')}`, text: 'bye' })));
    await eventually(() => expect(client.windows().some((w) => w.inUse > 0)).toBe(true), 30_000);
    closed = true;
    await gateway.app.close();
    const after = await smsc.stats();
    expect(client.windows().map((w) => w.inUse)).toEqual([0, 0]);
    expect(after.unbinds - before.unbinds).toBe(BINDS);
    expect(after.unansweredAtClose).toBe(before.unansweredAtClose);
    expect(after.submits).toBeGreaterThan(before.submits);
  }, 60_000);
});
