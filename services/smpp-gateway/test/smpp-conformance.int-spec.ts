import { DeliveryStatus } from '@switchback/contracts';
import { eventually } from '@switchback/testing';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { startGateway, type GatewayApp } from './support/gateway-app';

// The carrier lab's findings (issue 16 item 3), replayed against Debian's Net::SMPP SMSC with
// its quirks switched on per destination (NET_SMPP_QUIRKS, see the fixture's header).
const hasNetSmpp = spawnSync('perl', ['-MNet::SMPP', '-MJSON::PP', '-e1']).status === 0;
if (!hasNetSmpp) console.warn('SKIPPED: perl -MNet::SMPP -e1 failed; run deploy/local/test-peers.sh');
const describeWithPerl = hasNetSmpp ? describe : describe.skip;

const TO = {
  plain: '447700900310',
  tlvs: '447700900311',
  tlvsOnly: '447700900312',
  dataSm: '447700900313',
  nack: '447700900314',
  bodyless: '447700900315',
  sysid: '447700900316',
} as const;
const QUIRKS = [
  'smsc_enquire_link',
  `receipt_tlvs@${TO.tlvs}`,
  `receipt_tlvs@${TO.tlvsOnly}`,
  `receipt_no_text@${TO.tlvsOnly}`,
  `receipt_undeliv@${TO.tlvsOnly}`,
  `data_sm_receipt@${TO.dataSm}`,
  `receipt_no_text@${TO.dataSm}`,
  `generic_nack@${TO.nack}`,
  `bodyless_error@${TO.bodyless}`,
  `rinvsysid_once@${TO.sysid}`,
].join(',');

interface PerlEvent {
  event: string;
  [field: string]: unknown;
}

describeWithPerl('SMPP conformance against the Net::SMPP (Perl) SMSC with carrier quirks', () => {
  let perl: ChildProcess;
  let gateway: GatewayApp;
  let connector: string;
  const events: PerlEvent[] = [];
  const named = (name: string) => events.filter((e) => e.event === name);

  beforeAll(async () => {
    perl = spawn('perl', [path.join(__dirname, 'fixtures/net-smpp-smsc.pl'), '0', 'secret'], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NET_SMPP_QUIRKS: QUIRKS } });
    createInterface({ input: perl.stdout! }).on('line', (line) => events.push(JSON.parse(line) as PerlEvent));
    const port = await eventually(() => {
      const listening = named('listening')[0];
      expect(listening).toBeDefined();
      return listening!['port'] as number;
    }, 10_000);
    connector = `smpp:127.0.0.1:${port}`;
    gateway = await startGateway('perlquirks', { SMPP_URL: `smpp://127.0.0.1:${port}`, SMPP_BINDS: '1', SMPP_LOCAL_RETRIES: '0' });
    await eventually(async () => expect((await fetch(`${gateway.baseUrl}/health/ready`)).status).toBe(200), 30_000);
  }, 90_000);

  afterAll(async () => {
    await gateway?.app.close();
    perl?.kill('SIGTERM');
  });

  /** The receipt-correlation counter's value for this connector and path (0 when absent). */
  async function correlations(pathLabel: string): Promise<number> {
    const text = await (await fetch(`${gateway.baseUrl}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith('switchback_smpp_receipt_correlations_total{') && l.includes(`connector="${connector}"`) && l.includes(`path="${pathLabel}"`));
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
  }

  const statuses = (messageId: string) => gateway.outcomesOf(messageId).map((o) => o.status);

  it("answers the SMSC's own enquire_link with enquire_link_resp", async () => {
    const sent = await eventually(() => {
      expect(named('enquire_link.sent')).toHaveLength(1);
      return named('enquire_link.sent')[0]!;
    }, 10_000);
    await eventually(() => expect(named('enquire_link_resp')).toEqual([{ event: 'enquire_link_resp', seq: sent['seq'], status: 0 }]), 10_000);
  }, 30_000);

  it('matches a plain receipt through the decimal id of its text and counts that path', async () => {
    const before = await correlations('text_alt_base');
    await gateway.dispatch({ messageId: 'quirk-plain', recipient: `+${TO.plain}`, text: 'plain receipt' });
    await eventually(() => expect(statuses('quirk-plain')).toEqual([DeliveryStatus.SUBMITTED, DeliveryStatus.DELIVERED]), 30_000);
    expect(await correlations('text_alt_base')).toBe(before + 1);
  }, 45_000);

  it('matches through receipted_message_id written without its NUL (state an ASCII digit) before the text', async () => {
    const before = await correlations('tlv');
    await gateway.dispatch({ messageId: 'quirk-tlvs', recipient: `+${TO.tlvs}`, text: 'tlv receipt' });
    await eventually(() => expect(statuses('quirk-tlvs')).toEqual([DeliveryStatus.SUBMITTED, DeliveryStatus.DELIVERED]), 30_000);
    expect(await correlations('tlv')).toBe(before + 1);
  }, 45_000);

  it('decides from the TLVs alone when the receipt has no text: message_state "5" is UNDELIV', async () => {
    await gateway.dispatch({ messageId: 'quirk-tlvs-only', recipient: `+${TO.tlvsOnly}`, text: 'tlv only receipt' });
    await eventually(() => expect(statuses('quirk-tlvs-only')).toEqual([DeliveryStatus.SUBMITTED, DeliveryStatus.FAILED]), 30_000);
    expect(gateway.outcomesOf('quirk-tlvs-only')[1]!.reason).toBe('UNDELIV');
  }, 45_000);

  it('takes a receipt sent as data_sm, answers data_sm_resp and correlates it', async () => {
    const before = await correlations('tlv');
    await gateway.dispatch({ messageId: 'quirk-data-sm', recipient: `+${TO.dataSm}`, text: 'data_sm receipt' });
    await eventually(() => expect(statuses('quirk-data-sm')).toEqual([DeliveryStatus.SUBMITTED, DeliveryStatus.DELIVERED]), 30_000);
    await eventually(() => expect(named('data_sm_resp')).toEqual([{ event: 'data_sm_resp', status: 0 }]), 10_000);
    expect(await correlations('tlv')).toBe(before + 1);
  }, 45_000);

  it('fails a submit answered by generic_nack with its status, and keeps the bind', async () => {
    const binds = named('bind').length;
    await gateway.dispatch({ messageId: 'quirk-nack', recipient: `+${TO.nack}`, text: 'nacked' });
    await eventually(() => expect(statuses('quirk-nack')).toEqual([DeliveryStatus.FAILED]), 30_000);
    expect(gateway.outcomesOf('quirk-nack')[0]!.reason).toBe('GENERIC_NACK:ESME_RINVCMDLEN');
    expect(named('bind')).toHaveLength(binds);
    expect(named('unbind')).toHaveLength(0);
  }, 45_000);

  it('fails a submit whose submit_sm_resp is a bare header with the status it carries', async () => {
    await gateway.dispatch({ messageId: 'quirk-bodyless', recipient: `+${TO.bodyless}`, text: 'no body' });
    await eventually(() => expect(statuses('quirk-bodyless')).toEqual([DeliveryStatus.FAILED]), 30_000);
    expect(gateway.outcomesOf('quirk-bodyless')[0]!.reason).toBe('ESME_RINVDSTADR');
    expect(named('unbind')).toHaveLength(0);
  }, 45_000);

  it('unbinds and rebinds after ESME_RINVSYSID mid-session, and the leg goes out on the new bind', async () => {
    const binds = named('bind').length;
    await gateway.dispatch({ messageId: 'quirk-sysid', recipient: `+${TO.sysid}`, text: 'after rebind' });
    await eventually(() => expect(statuses('quirk-sysid')).toEqual([DeliveryStatus.SUBMITTED, DeliveryStatus.DELIVERED]), 40_000);
    const order = events.map((e) => e.event).filter((e) => ['submit_sm.quirk', 'unbind', 'closed', 'bind'].includes(e));
    expect(order.slice(order.lastIndexOf('submit_sm.quirk'))).toEqual(['submit_sm.quirk', 'unbind', 'closed', 'bind']);
    expect(named('bind').length).toBe(binds + 1);
    expect(named('submit_sm').filter((e) => e['text'] === 'after rebind')).toHaveLength(1);
  }, 60_000);
});
