import { silentLogger, type SimLogger } from '@switchback/simulator-support';

/**
 * How message ids look on the wire. Real SMSCs often answer submit_sm in hex and put the same
 * number in decimal into the receipt: 'hex-resp-decimal-receipt' reproduces that.
 */
export type MessageIdFormat = 'hex' | 'decimal' | 'hex-resp-decimal-receipt' | 'hex-resp-lowercase-receipt';

export const MESSAGE_ID_FORMATS: readonly MessageIdFormat[] = ['hex', 'decimal', 'hex-resp-decimal-receipt', 'hex-resp-lowercase-receipt'];

/** The stat: of receipts (SMPP 3.4 appendix B); message_state follows it. */
export type ReceiptStat = 'DELIVRD' | 'UNDELIV' | 'EXPIRED' | 'REJECTD' | 'DELETED';

export const RECEIPT_STATS: readonly ReceiptStat[] = ['DELIVRD', 'UNDELIV', 'EXPIRED', 'REJECTD', 'DELETED'];

/** submit_sm to a destination starting with `prefix` is answered with `status`. */
export interface RejectPrefix {
  /** Compared without a leading '+': ESMEs send E.164 digits with TON international. */
  readonly prefix: string;
  readonly status: number;
}

export interface SmscSimulatorOptions {
  /** 0 (default) = an ephemeral port; read it from the handle. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  readonly systemId: string;
  readonly password: string;
  /** submit_sm -> receipt; default 50; null = never (like dropReceipts). */
  readonly receiptDelayMs?: number | null;
  readonly messageIdFormat?: MessageIdFormat;
  readonly rejectPrefixes?: readonly RejectPrefix[];
  /** Past this many accepted submit_sm in any one-second window: ESME_RTHROTTLED. */
  readonly throttleAfterPerSecond?: number;
  /** Accept and answer submits but never send receipts (lost receipts). */
  readonly dropReceipts?: boolean;
  /** Delay of every submit_sm_resp (default 0): lets the ESME's window fill. */
  readonly responseDelayMs?: number;
  /** Default DELIVRD. */
  readonly receiptStat?: ReceiptStat;
  /** Send every receipt twice. */
  readonly duplicateReceipts?: boolean;
  readonly log?: SimLogger;
}

export interface ResolvedSmscOptions {
  readonly port: number;
  readonly host: string;
  readonly systemId: string;
  readonly password: string;
  readonly receiptDelayMs: number | null;
  readonly messageIdFormat: MessageIdFormat;
  readonly rejectPrefixes: readonly RejectPrefix[];
  readonly throttleAfterPerSecond: number | null;
  readonly dropReceipts: boolean;
  readonly responseDelayMs: number;
  readonly receiptStat: ReceiptStat;
  readonly duplicateReceipts: boolean;
  readonly log: SimLogger;
}

export function resolveSmscOptions(options: SmscSimulatorOptions): ResolvedSmscOptions {
  return {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    systemId: options.systemId,
    password: options.password,
    receiptDelayMs: options.receiptDelayMs === undefined ? 50 : options.receiptDelayMs,
    messageIdFormat: options.messageIdFormat ?? 'hex',
    rejectPrefixes: options.rejectPrefixes ?? [],
    throttleAfterPerSecond: options.throttleAfterPerSecond ?? null,
    dropReceipts: options.dropReceipts ?? false,
    responseDelayMs: options.responseDelayMs ?? 0,
    receiptStat: options.receiptStat ?? 'DELIVRD',
    duplicateReceipts: options.duplicateReceipts ?? false,
    log: options.log ?? silentLogger,
  };
}
