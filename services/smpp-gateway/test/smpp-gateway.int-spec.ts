import { DeliveryStatus } from '@switchback/contracts';
import { eventually } from '@switchback/testing';
import { SmppClient } from '../src/smpp/smpp-client';
import { startGateway, type GatewayApp } from './support/gateway-app';
import { SmscProcess } from './support/smsc-process';

// The gateway on real Kafka and Redis against the SMSC simulator (its own process), scripted
// over admin HTTP: encodings, concatenation, receipts with other id spellings, throttling,
// the window, part limits and bind loss.
const WINDOW = 3;

describe('smpp-gateway (real Kafka and Redis, SMSC simulator)', () => {
  let smsc: SmscProcess;
  let gateway: GatewayApp;
  let n = 0;
  const recipient = () => `+4477009${String(Date.now() % 100_000).padStart(5, '0')}${String((n += 1)).padStart(2, '0')}`.slice(0, 16);
  const digits = (e164: string) => e164.replace(/^\+/, '');
  const statuses = (messageId: string) => gateway.outcomesOf(messageId).map((o) => o.status);

  beforeAll(async () => {
    smsc = await SmscProcess.start({ SMSC_SIM_RECEIPT_DELAY_MS: '50' });
    // The exhausted-retries test fails on purpose: keep the connector breaker (tested in
    // connector-circuit) from opening on it.
    gateway = await startGateway('smppgw', { SMPP_URL: smsc.smppUrl, SMPP_BINDS: '2', SMPP_WINDOW_SIZE: String(WINDOW), SMPP_THROUGHPUT_PER_SECOND: '200', SMPP_LOCAL_RETRIES: '2', SMPP_MAX_PARTS: '6', CIRCUIT_WINDOW_CALLS: '1000', CIRCUIT_MIN_CALLS: '1000' });
    await eventually(async () => expect((await fetch(`${gateway.baseUrl}/health/ready`)).status).toBe(200), 30_000);
  }, 90_000);

  beforeEach(() => smsc.configure({ messageIdFormat: 'hex', receiptStat: 'DELIVRD', duplicateReceipts: false, responseDelayMs: 0, scriptedStatuses: [] }));

  afterAll(async () => {
    await gateway?.app.close();
    await smsc?.stop();
  });

  it('submits GSM as data_coding 0, reports SUBMITTED, then DELIVERED from a receipt with the decimal spelling of the hex id', async () => {
    await smsc.configure({ messageIdFormat: 'hex-resp-decimal-receipt', receiptStat: 'DELIVRD', duplicateReceipts: false });
    const to = recipient();
    await gateway.dispatch({ messageId: 'gsm-1', recipient: to, text: 'Code 1234 @ £5 {ok} €' });
    const [message] = await eventually(async () => {
      const found = await smsc.messages(digits(to));
      expect(found).toHaveLength(1);
      return found;
    }, 45_000);
    expect(message).toMatchObject({ dataCoding: 0, text: 'Code 1234 @ £5 {ok} €', parts: 1 });
    expect(message!.id).toMatch(/^[0-9A-F]+$/);
    await eventually(() => expect(statuses('gsm-1')).toEqual([DeliveryStatus.SUBMITTED, DeliveryStatus.DELIVERED]), 20_000);
    const delivered = gateway.outcomesOf('gsm-1')[1]!;
    expect(delivered).toMatchObject({ carrierMessageId: message!.id, reason: 'DELIVRD', leg: 1, tenantId: 'acme' });
  }, 60_000);

  it('sends a long UCS-2 text as UDH-concatenated parts and reports DELIVERED once, after every part, despite duplicate lower-case receipts', async () => {
    await smsc.configure({ messageIdFormat: 'hex-resp-lowercase-receipt', duplicateReceipts: true });
    const to = recipient();
    const text = `Привет 👋 ${'ж'.repeat(120)} 😀 конец`;
    await gateway.dispatch({ messageId: 'ucs2-1', recipient: to, text });
    const [message] = await eventually(async () => {
      const found = await smsc.messages(digits(to));
      expect(found).toHaveLength(1);
      return found;
    }, 20_000);
    expect(message).toMatchObject({ dataCoding: 8, parts: 3, text });
    await eventually(() => expect(statuses('ucs2-1')).toEqual([DeliveryStatus.SUBMITTED, DeliveryStatus.DELIVERED]), 20_000);
    // Every part's receipt came twice: still one DELIVERED.
    await eventually(async () => expect((await smsc.stats()).receiptsAcknowledged).toBeGreaterThanOrEqual(6), 10_000);
    expect(statuses('ucs2-1')).toEqual([DeliveryStatus.SUBMITTED, DeliveryStatus.DELIVERED]);
    await smsc.configure({ duplicateReceipts: false });
  }, 60_000);

  it('reports FAILED with the receipt stat when the handset is unreachable', async () => {
    await smsc.configure({ receiptStat: 'UNDELIV', messageIdFormat: 'decimal' });
    await gateway.dispatch({ messageId: 'undeliv-1', recipient: recipient(), text: 'a'.repeat(200) });
    await eventually(() => expect(statuses('undeliv-1')).toEqual([DeliveryStatus.SUBMITTED, DeliveryStatus.FAILED]), 20_000);
    expect(gateway.outcomesOf('undeliv-1')[1]!.reason).toMatch(/^UNDELIV/);
    await smsc.configure({ receiptStat: 'DELIVRD', messageIdFormat: 'hex' });
  }, 60_000);

  it('retries a throttled SMSC (locally, then via the bus) and delivers once, with no extra submit', async () => {
    const before = await smsc.stats();
    // 3 refusals exhaust the local retries (2): the bus retries after 300 ms; then 2 more.
    await smsc.configure({ scriptedStatuses: [0x58, 0x58, 0x58, 0x14, 0x58] });
    const to = recipient();
    await gateway.dispatch({ messageId: 'throttled-1', recipient: to, text: 'eventually' });
    await eventually(() => expect(statuses('throttled-1')).toEqual([DeliveryStatus.SUBMITTED, DeliveryStatus.DELIVERED]), 30_000);
    const after = await smsc.stats();
    expect(after.scripted - before.scripted).toBe(5);
    expect(await smsc.messages(digits(to))).toHaveLength(1);
    expect(after.submits - before.submits).toBe(1);
  }, 60_000);

  it('reports FAILED RETRIES_EXHAUSTED when the SMSC stays throttled through every retry tier', async () => {
    // 3 tries per attempt (local retries 2) x 4 attempts (first + 3 bus tiers).
    await smsc.configure({ scriptedStatuses: Array.from({ length: 12 }, () => 0x58) });
    await gateway.dispatch({ messageId: 'exhausted-1', recipient: recipient(), text: 'never' });
    await eventually(() => expect(statuses('exhausted-1')).toEqual([DeliveryStatus.FAILED]), 30_000);
    expect(gateway.outcomesOf('exhausted-1')[0]!.reason).toBe('RETRIES_EXHAUSTED ESME_RTHROTTLED');
  }, 60_000);

  it('refuses a text past the part limit with FAILED TOO_MANY_PARTS and submits nothing', async () => {
    const before = await smsc.stats();
    const to = recipient();
    await gateway.dispatch({ messageId: 'too-long-1', recipient: to, text: 'a'.repeat(153 * 6 + 1) });
    await eventually(() => expect(statuses('too-long-1')).toEqual([DeliveryStatus.FAILED]), 30_000);
    expect(gateway.outcomesOf('too-long-1')[0]!.reason).toBe('TOO_MANY_PARTS');
    expect(await smsc.messages(digits(to))).toEqual([]);
    expect((await smsc.stats()).submits).toBe(before.submits);
  }, 60_000);

  it('never has more than the window outstanding on a bind', async () => {
    await smsc.configure({ responseDelayMs: 150 });
    const ids = Array.from({ length: 24 }, (_, i) => `window-${i}`);
    await Promise.all(ids.map((messageId) => gateway.dispatch({ messageId, recipient: recipient(), text: `w ${messageId}` })));
    await eventually(() => ids.forEach((id) => expect(statuses(id)).toContain(DeliveryStatus.DELIVERED)), 45_000);
    const stats = await smsc.stats();
    expect(stats.maxOutstanding).toBeLessThanOrEqual(WINDOW);
    expect(stats.maxOutstanding).toBeGreaterThanOrEqual(2); // the window was really used
    for (const bind of gateway.app.get(SmppClient).windows()) expect(bind.peak).toBeLessThanOrEqual(WINDOW);
    await smsc.configure({ responseDelayMs: 0 });
  }, 60_000);

  it('reconnects after the SMSC drops every bind and carries on', async () => {
    expect(await smsc.disconnectAll()).toBe(2);
    await eventually(async () => expect((await fetch(`${gateway.baseUrl}/health/ready`)).status).toBe(200), 15_000);
    await eventually(() => expect(gateway.app.get(SmppClient).boundCount).toBe(2), 15_000);
    await gateway.dispatch({ messageId: 'after-loss-1', recipient: recipient(), text: 'still here' });
    await eventually(() => expect(statuses('after-loss-1')).toEqual([DeliveryStatus.SUBMITTED, DeliveryStatus.DELIVERED]), 30_000);
    const metrics = await (await fetch(`${gateway.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/switchback_smpp_reconnects_total\{[^}]*bind="bind-1"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/switchback_smpp_binds_up\{[^}]*\} 2/);
  }, 60_000);
});
