import { randomInt } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type Pdu, type Session } from 'smpp';

const ESME_ROK = 0x00;
const ESME_RINVBNDSTS = 0x04;
const ESME_RINVPASWD = 0x0e;

export interface SmscSimulatorOptions {
  readonly port?: number;
  readonly host?: string;
  readonly systemId: string;
  readonly password: string;
  /** Delay before the delivery receipt; null = never send one (lost receipts). */
  readonly receiptDelayMs?: number | null;
}

export interface ReceivedSms {
  readonly smscMessageId: string;
  readonly source: string;
  readonly destination: string;
  readonly dataCoding: number;
  readonly text: string;
  readonly receivedAt: number;
}

/** A receipt's short_message in the de-facto format SMSCs send (SMPP 3.4 appendix B). */
function receiptText(id: string, submittedAt: Date, doneAt: Date): string {
  const stamp = (date: Date) => date.toISOString().replace(/[-T:]/g, '').slice(2, 12);
  return `id:${id} sub:001 dlvrd:001 submit date:${stamp(submittedAt)} done date:${stamp(doneAt)} stat:DELIVRD err:000 text:`;
}

/**
 * An SMPP 3.4 SMSC for tests and the demo: binds with credentials, answers submit_sm with a
 * hex message id (as many real SMSCs do) and sends a delivery receipt as deliver_sm.
 */
export class SmscSimulator extends EventEmitter {
  readonly received: ReceivedSms[] = [];
  private readonly server = createServer({}, (session) => this.accept(session));
  private readonly sessions = new Set<Session>();
  private readonly timers = new Set<NodeJS.Timeout>();
  port = 0;

  constructor(private readonly options: SmscSimulatorOptions) {
    super();
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    return this;
  }

  async close(): Promise<void> {
    this.timers.forEach(clearTimeout);
    this.sessions.forEach((session) => session.destroy());
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(session: Session): void {
    let bound = false;
    this.sessions.add(session);
    session.on('close', () => this.sessions.delete(session));
    session.on('error', () => this.sessions.delete(session));
    session.on('bind_transceiver', (pdu: Pdu) => {
      const ok = pdu['system_id'] === this.options.systemId && pdu['password'] === this.options.password;
      session.send(pdu.response({ command_status: ok ? ESME_ROK : ESME_RINVPASWD, system_id: 'smsc-sim' }));
      if (ok) bound = true;
      else session.close();
    });
    session.on('enquire_link', (pdu: Pdu) => session.send(pdu.response()));
    session.on('unbind', (pdu: Pdu) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('submit_sm', (pdu: Pdu) => {
      if (!bound) return void session.send(pdu.response({ command_status: ESME_RINVBNDSTS }));
      const id = randomInt(1, 2 ** 40).toString(16).toUpperCase();
      const message = pdu['short_message'] as { message?: string } | undefined;
      const sms: ReceivedSms = {
        smscMessageId: id,
        source: String(pdu['source_addr'] ?? ''),
        destination: String(pdu['destination_addr'] ?? ''),
        dataCoding: Number(pdu['data_coding'] ?? 0),
        text: message?.message ?? '',
        receivedAt: Date.now(),
      };
      session.send(pdu.response({ message_id: id }));
      this.received.push(sms);
      this.emit('sms', sms);
      this.scheduleReceipt(session, sms);
    });
  }

  private scheduleReceipt(session: Session, sms: ReceivedSms): void {
    const delay = this.options.receiptDelayMs === undefined ? 50 : this.options.receiptDelayMs;
    if (delay === null) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      session.deliver_sm({
        source_addr: sms.destination,
        destination_addr: sms.source,
        esm_class: 0x04,
        short_message: receiptText(sms.smscMessageId, new Date(sms.receivedAt), new Date()),
        receipted_message_id: sms.smscMessageId,
        message_state: 2,
      });
    }, delay);
    this.timers.add(timer);
  }
}
