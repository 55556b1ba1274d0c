import { DeliveryStatus } from '@switchback/contracts';
import { eventually } from '@switchback/testing';
import { startGateway, type GatewayApp } from './support/gateway-app';
import { SmscProcess } from './support/smsc-process';

// The edge cases end to end (real Kafka and Redis, the SMSC simulator process): each
// ends in the right outcome with nothing lost and nothing sent twice at the SMSC.
const WINDOW = 3;

describe('smpp-gateway edge cases (GSM escape at a part boundary, throttled burst, disconnect mid-window)', () => {
  let smsc: SmscProcess;
  let gateway: GatewayApp;
  let n = 0;
  const recipient = () => `+4477006${String(Date.now() % 100_000).padStart(5, '0')}${String((n += 1)).padStart(2, '0')}`.slice(0, 16);
  const digits = (e164: string) => e164.replace(/^\+/, '');
  const statuses = (messageId: string) => gateway.outcomesOf(messageId).map((o) => [DeliveryStatus[o.status], o.reason]);
  const final = (messageId: string) => gateway.outcomesOf(messageId).find((o) => o.status !== DeliveryStatus.SUBMITTED);

  beforeAll(async () => {
    smsc = await SmscProcess.start({ SMSC_SIM_RECEIPT_DELAY_MS: '50' });
    gateway = await startGateway('smppedge', {
      SMPP_URL: smsc.smppUrl,
      SMPP_BINDS: '1',
      SMPP_WINDOW_SIZE: String(WINDOW),
      SMPP_LOCAL_RETRIES: '3',
      SMPP_LOCAL_RETRY_MS: '200',
      // Breakers have their own suite (connector-circuit): keep this one's out of the way.
      CIRCUIT_WINDOW_CALLS: '1000',
      CIRCUIT_MIN_CALLS: '1000',
    });
    await eventually(async () => expect((await fetch(`${gateway.baseUrl}/health/ready`)).status).toBe(200), 30_000);
  }, 90_000);

  beforeEach(() => smsc.configure({ responseDelayMs: 0, scriptedStatuses: [], throttleAfterPerSecond: null }));

  afterAll(async () => {
    await gateway?.app.close();
    await smsc?.stop();
  });

  it('moves a GSM escape that would straddle the part boundary whole into the next part', async () => {
    const to = recipient();
    const text = `${'a'.repeat(152)}€${'b'.repeat(10)}`; // 152 + 2 septets: the € cannot end part 1
    await gateway.dispatch({ messageId: 'escape-1', recipient: to, text });
    await eventually(() => expect(statuses('escape-1')).toEqual([['SUBMITTED', ''], ['DELIVERED', 'DELIVRD']]), 30_000);
    const messages = await smsc.messages(digits(to));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ dataCoding: 0, parts: 2, text });
  }, 60_000);

  it('delivers a burst the SMSC throttles, each message once', async () => {
    await smsc.configure({ throttleAfterPerSecond: 4 });
    const before = await smsc.stats();
    const burst = Array.from({ length: 10 }, (_, i) => ({ messageId: `burst-${i}`, recipient: recipient(), text: `burst ${i}` }));
    await Promise.all(burst.map((m) => gateway.dispatch(m)));
    await eventually(() => burst.forEach((m) => expect(final(m.messageId)?.status).toBe(DeliveryStatus.DELIVERED)), 45_000, 200);
    const after = await smsc.stats();
    expect(after.throttled - before.throttled).toBeGreaterThan(0); // the SMSC really pushed back
    expect(after.submits - before.submits).toBe(burst.length);
    for (const m of burst) expect(await smsc.messages(digits(m.recipient))).toHaveLength(1);
  }, 60_000);

  it('ends every leg of a disconnect mid-window delivered or in doubt, never lost and never sent twice', async () => {
    await smsc.configure({ responseDelayMs: 1_500 }); // under the gateway's 2 s response timeout
    const before = await smsc.stats();
    const legs = Array.from({ length: 6 }, (_, i) => ({ messageId: `midwin-${i}`, recipient: recipient(), text: `mid-window ${i}` }));
    await Promise.all(legs.map((m) => gateway.dispatch(m)));
    await eventually(async () => expect((await smsc.stats()).submits - before.submits).toBeGreaterThanOrEqual(1), 20_000, 20);
    expect(await smsc.disconnectAll()).toBe(1); // submits are outstanding: their responses never come
    await smsc.configure({ responseDelayMs: 0 });
    await eventually(() => legs.forEach((m) => expect(final(m.messageId)).toBeDefined()), 45_000, 200);
    const ends = legs.map((m) => [DeliveryStatus[final(m.messageId)!.status], final(m.messageId)!.reason]);
    for (const end of ends) expect([['DELIVERED', 'DELIVRD'], ['FAILED', 'submit_in_doubt']]).toContainEqual(end);
    expect(ends.filter(([, reason]) => reason === 'submit_in_doubt').length).toBeGreaterThanOrEqual(1);
    // Exactly once at the SMSC each: the delivered ones, and the in-doubt ones too (they did
    // reach it; we reported them in doubt and did not resubmit).
    for (const m of legs) expect(await smsc.messages(digits(m.recipient))).toHaveLength(1);
  }, 90_000);
});
