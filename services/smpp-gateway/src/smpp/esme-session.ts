import { EventEmitter } from 'node:events';
import { connect, PDU, type Pdu, type Session } from 'smpp';
import { Backoff } from './backoff';
import type { PoolMember } from './bind-pool';
import { isBindLevelStatus, statusName } from './command-status';
import { installLenientReceiptTlvs } from './lenient-tlv';
import { GenericNackException, SmscUnavailableException, SubmitUnconfirmedException } from './smpp.exception';
import { TokenBucket } from './token-bucket';
import { Window } from './window';

export interface EsmeSessionOptions {
  readonly name: string;
  readonly url: string;
  readonly systemId: string;
  readonly password: string;
  readonly systemType: string;
  readonly windowSize: number;
  readonly ratePerSecond: number;
  readonly burst: number;
  readonly responseTimeoutMs: number;
  readonly enquireLinkMs: number;
  readonly reconnectMinMs: number;
  readonly reconnectMaxMs: number;
  /** Passed to tls.connect for ssmpp:// (ca, rejectUnauthorized, servername). */
  readonly tls: Readonly<Record<string, unknown>>;
}

export interface EsmeLogger {
  log(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Hooks for metrics; the session knows no metrics library. */
export interface EsmeObserver {
  windowChanged(bind: string, inUse: number): void;
  throttleWaited(bind: string, ms: number): void;
  bindChanged(bind: string, up: boolean): void;
  reconnectScheduled(bind: string, delayMs: number): void;
  /** A connect or bind attempt failed (refused, or the connection dropped before bind_resp). */
  bindFailed?(bind: string): void;
}

/** A received deliver_sm or data_sm; `ack(status)` sends its _resp once it has been handled. */
export type DeliverSmHandler = (pdu: Pdu, ack: (commandStatus?: number) => void) => void;

type State = 'idle' | 'connecting' | 'bound' | 'unbinding' | 'stopped';

interface Outstanding {
  readonly settle: (error: Error | undefined, pdu?: Pdu) => void;
}

const ESME_ROK = 0;

/**
 * One bind_transceiver to the SMSC with what the npm `smpp` package lacks: a window of
 * outstanding requests, a throughput limit, response timeouts, enquire_link with a deadline,
 * reconnect with capped jittered backoff, and a graceful unbind. It also copes with SMSCs as
 * they are: generic_nack fails the request it answers (by sequence number), a bind-level status
 * mid-session (ESME_RINVSYSID...) makes it unbind and rebind, and receipts may come as data_sm.
 */
export class EsmeSession extends EventEmitter implements PoolMember {
  readonly window: Window;
  private readonly bucket: TokenBucket;
  private readonly backoff: Backoff;
  private readonly outstanding = new Map<number, Outstanding>();
  private state: State = 'idle';
  private session?: Session;
  private enquireTimer?: NodeJS.Timeout;
  private reconnectTimer?: NodeJS.Timeout;
  /** The SMSC refused this session mid-way: the next bind does not reset the backoff. */
  private revoked = false;

  constructor(
    private readonly options: EsmeSessionOptions,
    private readonly logger: EsmeLogger,
    private readonly observer: EsmeObserver,
    private readonly onDeliverSm: DeliverSmHandler,
  ) {
    super();
    installLenientReceiptTlvs();
    this.window = new Window(options.windowSize);
    this.bucket = new TokenBucket(options.ratePerSecond, options.burst);
    this.backoff = new Backoff(options.reconnectMinMs, options.reconnectMaxMs);
  }

  get name(): string {
    return this.options.name;
  }

  get isBound(): boolean {
    return this.state === 'bound';
  }

  start(): void {
    if (this.state === 'idle') this.open();
  }

  /**
   * Sends one request within the throughput limit and the window; resolves with its response
   * (any command_status), or fails retriably when not bound, on timeout or on disconnect, and
   * for good (GenericNackException) when the SMSC answers generic_nack.
   */
  async request(command: string, fields: Record<string, unknown>): Promise<Pdu> {
    this.assertBound();
    const waited = await this.bucket.take();
    if (waited > 0) this.observer.throttleWaited(this.name, waited);
    this.assertBound();
    await this.window.acquire();
    this.observer.windowChanged(this.name, this.window.inUse);
    try {
      this.assertBound();
      const session = this.session;
      const response = await this.send(new PDU(command, fields));
      this.learnFrom(response, session);
      if (response.command === 'generic_nack') throw new GenericNackException(command, response.command_status);
      return response;
    } finally {
      this.window.release();
      this.observer.windowChanged(this.name, this.window.inUse);
    }
  }

  /** Graceful stop: no new requests, drain the window (bounded), unbind, close. */
  async stop(drainMs: number): Promise<void> {
    clearTimeout(this.reconnectTimer);
    const wasBound = this.state === 'bound';
    this.state = wasBound ? 'unbinding' : 'stopped';
    this.window.refuseWaiting(new SmscUnavailableException(`${this.name} is shutting down`));
    await Promise.race([this.window.drained(), delay(drainMs)]);
    const session = this.session;
    if (wasBound && session && !session.closed) {
      await this.send(new PDU('unbind', {})).catch(() => undefined);
    }
    this.state = 'stopped';
    clearInterval(this.enquireTimer);
    if (session && !session.closed) await Promise.race([new Promise<void>((resolve) => session.close(() => resolve())), delay(this.options.responseTimeoutMs)]);
    session?.destroy();
  }

  /** What a response says about the session itself (not about the request). */
  private learnFrom(response: Pdu, session: Session | undefined): void {
    if (response.command_status === ESME_ROK) {
      this.revoked = false;
      this.backoff.reset();
    } else if (isBindLevelStatus(response.command_status) && session) {
      void this.rebind(session, response.command_status);
    }
  }

  /**
   * The SMSC answered a bind-level status (ESME_RINVSYSID, ESME_RINVBNDSTS...) mid-session: it
   * no longer takes this bind. Stop taking requests, let those already out get their answers
   * (bounded), unbind and close; the close reconnects with the usual backoff.
   */
  private async rebind(session: Session, status: number): Promise<void> {
    if (session !== this.session || this.state !== 'bound') return;
    this.logger.warn({ bind: this.name, status: statusName(status) }, 'SMSC refused the bind mid-session; rebinding');
    this.revoked = true;
    this.markUnbound();
    clearInterval(this.enquireTimer);
    await Promise.race([this.window.drained(), delay(this.options.responseTimeoutMs)]);
    await this.send(new PDU('unbind', {})).catch(() => undefined);
    if (!session.closed) session.close();
  }

  private assertBound(): void {
    if (this.state !== 'bound') throw new SmscUnavailableException(`${this.name} is not bound`);
  }

  private send(pdu: Pdu): Promise<Pdu> {
    const session = this.session;
    if (!session || session.closed) return Promise.reject(new SmscUnavailableException(`${this.name} is disconnected`));
    return new Promise<Pdu>((resolve, reject) => {
      let settled = false;
      const settle = (error: Error | undefined, response?: Pdu) => {
        if (settled) return; // a late response after a timeout: the slot is already free
        settled = true;
        clearTimeout(timer);
        this.outstanding.delete(pdu.sequence_number);
        // The package keeps a response callback per sequence number until an answer comes.
        if (error) delete (session as unknown as { _callbacks: Record<number, unknown> })._callbacks[pdu.sequence_number];
        if (error || !response) reject(error ?? new Error('no response'));
        else resolve(response);
      };
      // From here on the PDU may be at the SMSC: no answer means "unknown", not "not sent".
      const timer = setTimeout(() => settle(new SubmitUnconfirmedException('response_timeout', `${pdu.command}_resp not received within ${this.options.responseTimeoutMs} ms`)), this.options.responseTimeoutMs);
      try {
        session.send(pdu, (response) => settle(undefined, response), undefined, () => settle(new SmscUnavailableException(`${pdu.command} could not be written`)));
      } catch (error) {
        // toBuffer() refused the PDU (a field too long): nothing went out.
        settle(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      if (!settled) this.outstanding.set(pdu.sequence_number, { settle });
    });
  }

  private open(): void {
    this.state = 'connecting';
    const session = connect({ url: this.options.url, ...this.options.tls, connectTimeout: this.options.responseTimeoutMs }, () => this.bind(session));
    this.session = session;
    const inbound = (pdu: Pdu) => {
      let answered = false;
      this.onDeliverSm(pdu, (commandStatus = ESME_ROK) => {
        if (answered || session.closed) return;
        answered = true;
        session.send(pdu.response(commandStatus === ESME_ROK ? {} : { command_status: commandStatus }));
      });
    };
    session.on('deliver_sm', inbound);
    session.on('data_sm', inbound); // receipts from SMSCs that send them as data_sm (SMPP 3.4 4.7)
    session.on('enquire_link', (pdu: Pdu) => session.send(pdu.response()));
    // A generic_nack for a request of ours settles it through its sequence number (see request).
    session.on('generic_nack', (pdu: Pdu) => {
      if (!this.outstanding.has(pdu.sequence_number)) this.logger.warn({ bind: this.name, status: statusName(pdu.command_status) }, 'generic_nack for no outstanding request');
    });
    session.on('unbind', (pdu: Pdu) => {
      this.logger.warn({ bind: this.name }, 'SMSC unbound us');
      this.markUnbound();
      session.send(pdu.response(), () => session.close());
    });
    session.on('unknown', (pdu: Pdu) => session.send(pdu.response()));
    // The package stops reading a connection whose bytes it could not frame as a PDU (and any
    // socket error ends it anyway): drop it now, so the close reconnects, instead of leaving a
    // bind that reads nothing until enquire_link notices.
    session.on('error', (error: Error & { code?: string }) => {
      this.logger.warn({ bind: this.name, err: error.code ?? error.message }, 'SMPP session error; dropping the connection');
      if (!session.closed) session.destroy();
    });
    session.on('close', () => this.onClose(session));
  }

  private bind(session: Session): void {
    const timer = setTimeout(() => {
      this.logger.warn({ bind: this.name }, 'no bind_transceiver_resp; dropping the connection');
      session.destroy();
    }, this.options.responseTimeoutMs);
    session.bind_transceiver({ system_id: this.options.systemId, password: this.options.password, system_type: this.options.systemType, interface_version: 0x34 }, (pdu) => {
      clearTimeout(timer);
      if (this.state !== 'connecting') return;
      if (pdu.command_status !== ESME_ROK) {
        this.logger.error({ bind: this.name, status: pdu.command_status }, 'SMSC refused the bind');
        this.observer.bindFailed?.(this.name);
        this.state = 'idle'; // so onClose does not count the same failure twice
        session.close();
        return;
      }
      this.state = 'bound';
      // After a mid-session refusal the backoff keeps growing until a request succeeds again.
      if (this.revoked) this.revoked = false;
      else this.backoff.reset();
      this.observer.bindChanged(this.name, true);
      this.logger.log({ bind: this.name }, 'bound to the SMSC as transceiver');
      this.enquireTimer = setInterval(() => this.enquireLink(session), this.options.enquireLinkMs);
      this.emit('bound');
    });
  }

  /** No enquire_link_resp in time means a dead peer behind a live TCP connection: reconnect. */
  private enquireLink(session: Session): void {
    if (this.state !== 'bound') return;
    this.send(new PDU('enquire_link', {})).then(
      (response) => {
        if (isBindLevelStatus(response.command_status)) void this.rebind(session, response.command_status);
      },
      () => {
        this.logger.warn({ bind: this.name }, 'enquire_link unanswered; dropping the connection');
        session.destroy();
      },
    );
  }

  private markUnbound(): void {
    if (this.state === 'bound') this.observer.bindChanged(this.name, false);
    if (this.state === 'bound' || this.state === 'connecting') this.state = 'idle';
  }

  private onClose(session: Session): void {
    if (session !== this.session) return;
    clearInterval(this.enquireTimer);
    if (this.state === 'connecting') this.observer.bindFailed?.(this.name);
    this.markUnbound();
    const unconfirmed = new SubmitUnconfirmedException('disconnected', `${this.name} disconnected with the request outstanding`);
    [...this.outstanding.values()].forEach((o) => o.settle(unconfirmed));
    this.window.refuseWaiting(new SmscUnavailableException(`${this.name} disconnected`));
    this.emit('unbound');
    if (this.state === 'stopped' || this.state === 'unbinding') return;
    const wait = this.backoff.next();
    this.observer.reconnectScheduled(this.name, wait);
    this.logger.warn({ bind: this.name, delayMs: wait }, 'SMPP connection lost; reconnecting');
    this.reconnectTimer = setTimeout(() => this.state === 'idle' && this.open(), wait);
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
