import type { Pdu, Session } from 'smpp';
import type { SmscBehaviour } from '../behaviour/smsc-behaviour';
import { errorReason } from '@switchback/simulator-support';
import type { ReceiptDispatcher, ReceiptSink } from '../receipts/receipt.dispatcher';
import { SmppStatus, statusHex } from '../smpp-status';
import type { ResolvedSmscOptions } from '../smsc-options';
import type { MutableSmscStats } from '../smsc-stats';
import type { SubmitOutcome, SubmitSmHandler } from '../submit/submit-sm.handler';
import { BIND_COMMANDS, checkBindCredentials, type BindType } from './bind.policy';

export interface SessionInfo {
  readonly id: number;
  readonly bindType: BindType | null;
  readonly systemId: string | null;
}

export interface SessionDeps {
  readonly options: ResolvedSmscOptions;
  readonly behaviour: SmscBehaviour;
  readonly stats: MutableSmscStats;
  readonly submits: SubmitSmHandler;
  readonly receipts: ReceiptDispatcher;
  onClosed(session: SmscSession): void;
}

/** Requests this SMSC does not implement: answered with their _resp and ESME_RINVCMDID. */
const UNSUPPORTED = ['query_sm', 'cancel_sm', 'replace_sm', 'submit_multi', 'data_sm', 'deliver_sm', 'broadcast_sm', 'query_broadcast_sm', 'cancel_broadcast_sm'];
const SYSTEM_ID = 'SMSCSIM';

/** One ESME connection: the SMPP 3.4 bind state machine around the package's Session. */
export class SmscSession implements ReceiptSink {
  private bindType: BindType | null = null;
  private boundAs: string | null = null;
  private closed = false;
  /** submit_sm received and not yet answered (responses may be delayed). */
  private outstanding = 0;

  constructor(
    readonly id: number,
    private readonly session: Session,
    private readonly deps: SessionDeps,
  ) {
    for (const [command, type] of Object.entries(BIND_COMMANDS)) session.on(command, (pdu: Pdu) => this.onBind(pdu, type));
    session.on('submit_sm', (pdu: Pdu) => this.onSubmit(pdu));
    session.on('enquire_link', (pdu: Pdu) => this.onEnquireLink(pdu));
    session.on('unbind', (pdu: Pdu) => this.onUnbind(pdu));
    session.on('unknown', (pdu: Pdu) => session.send(pdu.response())); // generic_nack, ESME_RINVCMDID
    for (const command of UNSUPPORTED) session.on(command, (pdu: Pdu) => session.send(pdu.response({ command_status: SmppStatus.ESME_RINVCMDID })));
    // Must be handled: an unhandled session 'error' would crash the process.
    session.on('error', (error: unknown) => this.onError(error));
    session.on('close', () => this.onClose());
  }

  get systemId(): string | null {
    return this.boundAs;
  }

  canReceive(): boolean {
    return !this.closed && (this.bindType === 'transceiver' || this.bindType === 'receiver');
  }

  deliverSm(fields: Record<string, unknown>, onAcknowledged: () => void): void {
    this.session.deliver_sm(fields, (resp) => {
      if (resp.command_status === SmppStatus.ESME_ROK) onAcknowledged();
    });
  }

  info(): SessionInfo {
    return { id: this.id, bindType: this.bindType, systemId: this.boundAs };
  }

  destroy(): void {
    this.session.destroy();
  }

  private onBind(pdu: Pdu, type: BindType): void {
    const { options, stats, receipts } = this.deps;
    if (this.bindType) return void this.session.send(pdu.response({ command_status: SmppStatus.ESME_RALYBND }));
    const status = checkBindCredentials(pdu, options.systemId, options.password);
    if (status !== SmppStatus.ESME_ROK) {
      stats.bindFailures += 1;
      options.log({ event: 'bind.refused', session: this.id, bindType: type, status: statusHex(status) });
      // Close only once the refusal is flushed, so the ESME reads the status first.
      this.session.send(pdu.response({ command_status: status }), () => this.session.close());
      return;
    }
    this.bindType = type;
    this.boundAs = options.systemId;
    stats.binds += 1;
    this.session.send(pdu.response({ system_id: SYSTEM_ID }));
    options.log({ event: 'bind.accepted', session: this.id, bindType: type });
    receipts.sinkBound(this);
  }

  private onSubmit(pdu: Pdu): void {
    if (!this.boundAs || this.bindType === 'receiver') {
      this.session.send(pdu.response({ command_status: SmppStatus.ESME_RINVBNDSTS }));
      return;
    }
    const { stats, behaviour } = this.deps;
    this.outstanding += 1;
    stats.maxOutstanding = Math.max(stats.maxOutstanding, this.outstanding);
    let outcome: SubmitOutcome;
    try {
      outcome = this.deps.submits.handle(pdu, this, this.boundAs);
    } catch (error) {
      this.deps.options.log({ event: 'submit_sm.error', session: this.id, error: errorReason(error) });
      outcome = { status: SmppStatus.ESME_RSYSERR };
    }
    const respond = () => {
      this.outstanding -= 1;
      if (this.closed) return void (stats.unansweredAtClose += 1);
      this.session.send(pdu.response(outcome.messageId === undefined ? { command_status: outcome.status } : { message_id: outcome.messageId }));
    };
    if (behaviour.responseDelayMs > 0) setTimeout(respond, behaviour.responseDelayMs);
    else respond();
  }

  private onEnquireLink(pdu: Pdu): void {
    this.deps.stats.enquireLinks += 1;
    this.session.send(pdu.response());
  }

  private onUnbind(pdu: Pdu): void {
    this.deps.stats.unbinds += 1;
    this.deps.options.log({ event: 'unbind', session: this.id });
    this.session.send(pdu.response(), () => this.session.close());
  }

  private onError(error: unknown): void {
    this.deps.options.log({ event: 'session.error', session: this.id, error: errorReason(error) });
    // After a parse error the package's reader stays stuck (_busy): drop the connection.
    this.session.destroy();
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    this.deps.receipts.sinkClosed(this);
    this.deps.options.log({ event: 'session.closed', session: this.id, bound: this.bindType !== null });
    this.deps.onClosed(this);
  }
}
