import { EventEmitter } from 'node:events';
import { connect, type Pdu, type Session } from 'smpp';
import type { BindType } from '../session/bind.policy';
import { waitForMatch } from '@switchback/simulator-support';

/** An ESME built on the `smpp` package's client, as the smpp-gateway uses it, for tests. */
export interface TestEsme {
  readonly session: Session;
  /** deliver_sm PDUs received (each answered with deliver_sm_resp). */
  readonly delivered: Pdu[];
  bind(type?: BindType, credentials?: { system_id: string; password: string }): Promise<Pdu>;
  submit(fields: Record<string, unknown>): Promise<Pdu>;
  enquireLink(): Promise<Pdu>;
  unbind(): Promise<Pdu>;
  waitForDeliverSm(predicate?: (pdu: Pdu) => boolean, timeoutMs?: number): Promise<Pdu>;
  /** Resolves when the SMSC (or we) closed the connection. */
  closed(): Promise<void>;
  close(): Promise<void>;
  /** Drops the TCP connection without unbind, like a crashed ESME. */
  destroy(): Promise<void>;
}

export const CREDENTIALS = { system_id: 'switchback', password: 'secret' };

export function connectEsme(url: string): Promise<TestEsme> {
  return new Promise((resolve, reject) => {
    const delivered: Pdu[] = [];
    const announcer = new EventEmitter();
    let isClosed = false;
    const session = connect({ url }, () => {
      session.off('error', reject);
      resolve(esme);
    });
    session.once('error', reject);
    session.on('error', () => undefined); // a refused bind ends in a reset; tests look at 'close'
    session.on('close', () => {
      isClosed = true;
      announcer.emit('closed');
    });
    session.on('deliver_sm', (pdu: Pdu) => {
      session.send(pdu.response());
      delivered.push(pdu);
      announcer.emit('deliver_sm', pdu);
    });
    const request = (send: (callback: (pdu: Pdu) => void) => void) => new Promise<Pdu>((done) => send(done));
    const esme: TestEsme = {
      session,
      delivered,
      bind: (type = 'transceiver', credentials = CREDENTIALS) =>
        request((cb) => (type === 'transceiver' ? session.bind_transceiver(credentials, cb) : type === 'transmitter' ? session.bind_transmitter(credentials, cb) : session.bind_receiver(credentials, cb))),
      submit: (fields) => request((cb) => session.submit_sm(fields, cb)),
      enquireLink: () => request((cb) => session.enquire_link({}, cb)),
      unbind: () => request((cb) => session.unbind({}, cb)),
      waitForDeliverSm: (predicate = () => true, timeoutMs = 5_000) => waitForMatch(announcer, 'deliver_sm', delivered, predicate, timeoutMs, 'deliver_sm'),
      closed: () => (isClosed ? Promise.resolve() : new Promise<void>((done) => announcer.once('closed', done))),
      close: () => new Promise<void>((done) => session.close(() => done())),
      destroy: () => new Promise<void>((done) => session.destroy(() => done())),
    };
  });
}

/** The receipt text of a deliver_sm (the package decodes it into `{ message }`). */
export function receiptTextOf(pdu: Pdu): string {
  const message = (pdu['short_message'] as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : '';
}
