import type { AddressInfo } from 'node:net';
import { createServer, type Pdu, type Server, type Session } from 'smpp';
import { EsmeSession, type EsmeObserver } from './esme-session';
import { SmscUnavailableException, SubmitUnconfirmedException } from './smpp.exception';

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

  beforeEach(async () => {
    answer = true;
    smsc = await fakeSmsc((pdu, session) => answer && session.send(pdu.response({ message_id: 'ABC' })));
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

  it('refuses a PDU the package cannot encode without using the network', async () => {
    await expect(esme.request('submit_sm', { destination_addr: '4477', short_message: Buffer.alloc(300) })).rejects.toThrow();
    expect(esme.window.inUse).toBe(0);
  });
});
