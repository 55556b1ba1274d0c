import { DeliveryStatus } from '@switchback/contracts';
import { eventually } from '@switchback/testing';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { startGateway, type GatewayApp } from './support/gateway-app';

// Our ESME against an SMSC we did not write: Debian's Net::SMPP (Perl) in a small script
// that decodes and reassembles what we send, answers with hex ids and receipts in decimal.
const hasNetSmpp = spawnSync('perl', ['-MNet::SMPP', '-MJSON::PP', '-e1']).status === 0;
if (!hasNetSmpp) console.warn('SKIPPED: perl -MNet::SMPP -e1 failed; install libnet-smpp-perl to run the independent SMSC test');
const describeWithPerl = hasNetSmpp ? describe : describe.skip;

interface PerlEvent {
  event: string;
  [field: string]: unknown;
}

describeWithPerl('smpp-gateway against the Net::SMPP (Perl) SMSC', () => {
  let perl: ChildProcess;
  let gateway: GatewayApp;
  let gatewayClosed = false;
  const events: PerlEvent[] = [];

  beforeAll(async () => {
    perl = spawn('perl', [path.join(__dirname, 'fixtures/net-smpp-smsc.pl'), '0', 'secret'], { stdio: ['ignore', 'pipe', 'inherit'] });
    createInterface({ input: perl.stdout! }).on('line', (line) => events.push(JSON.parse(line) as PerlEvent));
    const port = await eventually(() => {
      const listening = events.find((e) => e.event === 'listening');
      expect(listening).toBeDefined();
      return listening!['port'] as number;
    }, 10_000);
    gateway = await startGateway('perlsmsc', { SMPP_URL: `smpp://127.0.0.1:${port}`, SMPP_BINDS: '1', SMPP_ENQUIRE_LINK_MS: '1000' });
    await eventually(async () => expect((await fetch(`${gateway.baseUrl}/health/ready`)).status).toBe(200), 30_000);
  }, 90_000);

  afterAll(async () => {
    if (!gatewayClosed) await gateway?.app.close();
    perl?.kill('SIGTERM');
  });

  const messages = () => events.filter((e) => e.event === 'message');

  it('binds as a transceiver with our credentials', async () => {
    expect(events.find((e) => e.event === 'bind')).toEqual({ event: 'bind', system_id: 'switchback', password_ok: 1 });
  });

  it('has a concatenated GSM text (with escapes) accepted, reassembled and delivered', async () => {
    const text = `Your code is 1234. Price: €5 [incl. VAT] {ok} ${'x'.repeat(150)} end`;
    await gateway.dispatch({ messageId: 'perl-gsm', recipient: '+447700900201', text });
    const message = await eventually(() => {
      const found = messages().find((m) => m['text'] === text);
      expect(found).toBeDefined();
      return found!;
    }, 45_000);
    expect(message).toMatchObject({ parts: 2, data_coding: 0 });
    const parts = events.filter((e) => e.event === 'submit_sm' && (e['udh'] as string).length > 0 && e['data_coding'] === 0);
    expect(parts.map((p) => [p['esm_class'], (p['udh'] as string).slice(0, 6)])).toEqual([
      [0x40, '050003'],
      [0x40, '050003'],
    ]);
    // submit_sm_resp said hex (1A2B3C..), the receipt said decimal: still DELIVERED.
    await eventually(() => expect(gateway.outcomesOf('perl-gsm').map((o) => o.status)).toEqual([DeliveryStatus.SUBMITTED, DeliveryStatus.DELIVERED]), 20_000);
  }, 60_000);

  it('has a concatenated UCS-2 text with emoji accepted and reassembled', async () => {
    const text = `Привет, мир! 👋🏽 ${'日本語'.repeat(25)} 😀 конец`;
    await gateway.dispatch({ messageId: 'perl-ucs2', recipient: '+447700900202', text });
    const message = await eventually(() => {
      const found = messages().find((m) => m['text'] === text);
      expect(found).toBeDefined();
      return found!;
    }, 45_000);
    expect(message).toMatchObject({ parts: 2, data_coding: 8 });
    expect(events.filter((e) => e.event === 'submit_sm.refused')).toEqual([]);
    await eventually(() => expect(gateway.outcomesOf('perl-ucs2').map((o) => o.status)).toEqual([DeliveryStatus.SUBMITTED, DeliveryStatus.DELIVERED]), 20_000);
    expect(events.filter((e) => e.event === 'deliver_sm_resp').every((e) => e['status'] === 0)).toBe(true);
  }, 60_000);

  it('unbinds on shutdown', async () => {
    gatewayClosed = true;
    await gateway.app.close();
    await eventually(() => expect(events.map((e) => e.event)).toContain('unbind'), 10_000);
  }, 30_000);

  it('concatenates with the SAR TLVs instead when configured, on a fresh bind', async () => {
    const port = events.find((e) => e.event === 'listening')!['port'] as number;
    const sar = await startGateway('perlsar', { SMPP_URL: `smpp://127.0.0.1:${port}`, SMPP_BINDS: '1', SMPP_CONCATENATION: 'sar' });
    try {
      const text = `SAR ${'y'.repeat(170)} done`;
      await sar.dispatch({ messageId: 'perl-sar', recipient: '+447700900203', text });
      await eventually(() => expect(messages().find((m) => m['text'] === text)).toMatchObject({ parts: 2, data_coding: 0 }), 45_000);
      const parts = events.filter((e) => e.event === 'submit_sm' && e['udh'] === '' && Array.isArray(e['sar']));
      expect(parts.map((p) => [(p['sar'] as number[])[1], (p['sar'] as number[])[2], p['esm_class'], p['udh']])).toEqual([
        [2, 1, 0, ''],
        [2, 2, 0, ''],
      ]);
      await eventually(() => expect(sar.outcomesOf('perl-sar').map((o) => o.status)).toEqual([DeliveryStatus.SUBMITTED, DeliveryStatus.DELIVERED]), 20_000);
    } finally {
      await sar.app.close();
    }
  }, 90_000);
});
