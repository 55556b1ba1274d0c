import type { AddressInfo } from 'node:net';
import { createServer, PDU, type Pdu, type Server, type Session } from 'smpp';
import { EsmeSession, type EsmeObserver } from './esme-session';
import { GenericNackException, SmscUnavailableException, SubmitUnconfirmedException } from './smpp.exception';

/** An in-process SMSC (npm `smpp` server) that binds anyone and answers submit_sm as told. */
async function fakeSmsc(onSubmit: (pdu: Pdu, session: Session) => void) {
  const sessions: Session[] = [];
  const server: Server = createServer({}, (session: Session) => {
    sessions.push(session);
    session.on('error', () => undefined);
    session.on('bind_transceiver', (pdu: Pdu) => session.send(pdu.response()));
    session.on('enquire_link', (pdu: Pdu) => session.send(pdu.response()));
    session.on('unbind', (pdu: Pdu) => session.send(pdu.response(), () => session.close()));
    session.on('submit_sm', (pdu: Pdu) => onSubmit(pdu, session));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `smpp://127.0.0.1:${(server.address() as AddressInfo).port}`, sessions, close: () => new Promise<void>((resolve) => (sessions.forEach((s) => s.destroy()), server.close(() => resolve()))) };
}

const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };
const observer: EsmeObserver = { windowChanged: () => undefined, throttleWaited: () => undefined, bindChanged: () => undefined, reconnectScheduled: () => undefined };
const options = (url: string) => ({ name: 'b1', url, systemId: 's', password: 'p', systemType: '', windowSize: 2, ratePerSecond: 1_000, burst: 10, responseTimeoutMs: 200, enquireLinkMs: 60_000, reconnectMinMs: 50, reconnectMaxMs: 100, tls: {} });
const once = (session: EsmeSession, event: string) => new Promise<void>((resolve) => session.once(event, () => resolve()));

describe('EsmeSession', () => {
  let smsc: Awaited<ReturnType<typeof fakeSmsc>>;
  let esme: EsmeSession;
  let answer = true;
  let reply: ((pdu: Pdu, session: Session) => void) | undefined;

  beforeEach(async () => {
    answer = true;
    reply = undefined;
    smsc = await fakeSmsc((pdu, session) => (reply ? reply(pdu, session) : answer && session.send(pdu.response({ message_id: 'ABC' }))));
    esme = new EsmeSession(options(smsc.url), silent, observer, (_pdu, ack) => ack());
    const bound = once(esme, 'bound');
    esme.start();
    await bound;
  });

  afterEach(async () => {
    await esme.stop(100);
    await smsc.close();
  });

  it('refuses before it is bound', async () => {
    const idle = new EsmeSession(options(smsc.url), silent, observer, (_pdu, ack) => ack());
    await expect(idle.request('submit_sm', {})).rejects.toBeInstanceOf(SmscUnavailableException);
  });

  it('submits and frees the window slot', async () => {
    const response = await esme.request('submit_sm', { destination_addr: '4477', short_message: Buffer.from('x') });
    expect(response['message_id']).toBe('ABC');
    expect(esme.window.inUse).toBe(0);
  });

  it('fails a submit without response retriably after the timeout and frees its slot', async () => {
    answer = false;
    const started = Date.now();
    await expect(esme.request('submit_sm', { destination_addr: '4477', short_message: Buffer.from('x') })).rejects.toMatchObject({ retriable: true, message: expect.stringMatching(/not received within 200 ms/) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(esme.window.inUse).toBe(0);
  });

  it('marks a submit that went out unanswered as unconfirmed (it may be at the SMSC), and one never sent as not', async () => {
    answer = false;
    await expect(esme.request('submit_sm', { destination_addr: '4477', short_message: Buffer.from('x') })).rejects.toMatchObject({ kind: 'response_timeout' });
    const idle = new EsmeSession(options(smsc.url), silent, observer, (_pdu, ack) => ack());
    const refused = await idle.request('submit_sm', {}).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SmscUnavailableException);
    expect(refused).not.toBeInstanceOf(SubmitUnconfirmedException);
  });

  it('reports each failed connect attempt to its observer (the connector breaker counts them)', async () => {
    const failed: string[] = [];
    const dead = new EsmeSession({ ...options('smpp://127.0.0.1:1'), name: 'dead' }, silent, { ...observer, bindFailed: (bind) => failed.push(bind) }, (_pdu, ack) => ack());
    dead.start();
    await new Promise<void>((resolve) => {
      const check = setInterval(() => failed.length >= 2 && (clearInterval(check), resolve()), 20);
    });
    await dead.stop(0);
    expect(failed.slice(0, 2)).toEqual(['dead', 'dead']);
  });

  it('fails outstanding submits on disconnect, then reconnects and binds again', async () => {
    answer = false;
    const pending = esme.request('submit_sm', { destination_addr: '4477', short_message: Buffer.from('x') });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const rebound = once(esme, 'bound');
    smsc.sessions.forEach((s) => s.destroy());
    await expect(pending).rejects.toThrow(/disconnected/);
    await expect(pending).rejects.toMatchObject({ kind: 'disconnected' });
    await rebound;
    expect(esme.isBound).toBe(true);
    answer = true;
    expect((await esme.request('submit_sm', { destination_addr: '4477', short_message: Buffer.from('y') })).command_status).toBe(0);
  });

  // Regression (found by the SMPP fuzzer): after bytes it cannot frame, the package stops
  // reading the connection; the bind looked alive until enquire_link (60 s here) noticed.
  it('drops and rebinds a connection whose bytes cannot be framed as a PDU, at once', async () => {
    const rebound = once(esme, 'bound');
    const broken = Buffer.alloc(32);
    broken.writeUInt32BE(0xffffffff, 0); // a command_length no PDU has
    (smsc.sessions[0] as unknown as { socket: { write(bytes: Buffer): void } }).socket.write(broken);
    await rebound;
    expect(esme.isBound).toBe(true);
    expect((await esme.request('submit_sm', { destination_addr: '4477', short_message: Buffer.from('z') })).command_status).toBe(0);
  });

  it('refuses a PDU the package cannot encode without using the network', async () => {
    await expect(esme.request('submit_sm', { destination_addr: '4477', short_message: Buffer.alloc(300) })).rejects.toThrow();
    expect(esme.window.inUse).toBe(0);
  });

  it('fails the request a generic_nack answers, by its sequence number, for good, and stays bound', async () => {
    reply = (pdu, session) => session.send(new PDU('generic_nack', { sequence_number: pdu.sequence_number, command_status: 0x02 }));
    const failure = await esme.request('submit_sm', { destination_addr: '4477', short_message: Buffer.from('x') }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GenericNackException);
    expect(failure).toMatchObject({ code: 'GENERIC_NACK:ESME_RINVCMDLEN', retriable: false, command: 'submit_sm' });
    expect([esme.window.inUse, esme.isBound]).toEqual([0, true]);
  });

  it('unbinds, closes and binds again when the SMSC answers a bind-level status mid-session', async () => {
    const unbinds: number[] = [];
    smsc.sessions[0]!.on('unbind', () => unbinds.push(1));
    reply = (pdu, session) => session.send(pdu.response({ command_status: 0x0f }));
    const rebound = once(esme, 'bound');
    const response = await esme.request('submit_sm', { destination_addr: '4477', short_message: Buffer.from('x') });
    expect(response.command_status).toBe(0x0f);
    expect(esme.isBound).toBe(false);
    await expect(esme.request('submit_sm', { destination_addr: '4477', short_message: Buffer.from('y') })).rejects.toBeInstanceOf(SmscUnavailableException);
    await rebound;
    expect([unbinds.length, smsc.sessions.length, esme.isBound]).toEqual([1, 2, true]);
  });

  it('hands a data_sm to the receipt handler and answers data_sm_resp', async () => {
    const response = await new Promise<Pdu>((resolve) => smsc.sessions[0]!.send(new PDU('data_sm', { source_addr: '4477', destination_addr: 'SB', esm_class: 0x04, receipted_message_id: 'ABC', message_state: 2 }), resolve));
    expect([response.command, response.command_status]).toEqual(['data_sm_resp', 0]);
  });
});
