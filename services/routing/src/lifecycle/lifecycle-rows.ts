import type { Channel, FallbackReason } from '@switchback/contracts';
import type { StoredTraceContext } from '@switchback/telemetry';
import type { LegSnapshot, LegState, MessageSnapshot, MessageState, RevokeReason } from './lifecycle-state';

// The lifecycle tables' rows and the snapshots the state machine reads (no I/O).

export interface NewLifecycle {
  readonly messageId: string;
  readonly tenantId: string;
  readonly recipientHash: string;
  readonly trafficType: string;
  readonly legsDispatched: number;
  readonly keyId: string | null;
  readonly sendCiphertext: Buffer | null;
  readonly capability: Buffer | null;
  readonly requestedAtMs: bigint;
  readonly createdAt: Date;
  /** The trace the message was dispatched in (ids only): the sweeper's work on it continues there. */
  readonly trace: StoredTraceContext | undefined;
}

/** A message that ends without a leg: a hold that expired. */
export interface EndedWithoutLeg {
  readonly messageId: string;
  readonly tenantId: string;
  readonly recipientHash: string;
  readonly trafficType: string;
  readonly requestedAtMs: bigint;
  readonly createdAt: Date;
  readonly state: MessageState;
  readonly status: string;
  readonly reason: string;
  readonly at: Date;
  readonly trace: StoredTraceContext | undefined;
}

export interface NewLeg {
  readonly leg: number;
  readonly channel: Channel;
  readonly deadlineAt: Date | null;
  readonly fallbackReason: FallbackReason;
  readonly failoverFromLeg: number;
}

/** The message as locked for a transition, with what a failover or revoke needs. */
export interface LockedMessage extends MessageSnapshot {
  readonly keyId: string | null;
  readonly sendCiphertext: Buffer | null;
  readonly capability: Buffer | null;
  readonly requestedAtMs: bigint;
  readonly trace: StoredTraceContext | undefined;
}

export interface TerminalRow {
  readonly messageId: string;
  readonly tenantId: string;
  readonly recipientHash: string;
  readonly status: string;
  readonly leg: number;
  readonly channel: Channel;
  readonly legsDispatched: number;
  readonly reason: string;
  readonly requestedAtMs: bigint;
  readonly terminalAt: Date;
  readonly trace: StoredTraceContext | undefined;
}

export interface TerminalUpdate {
  readonly state: MessageState;
  readonly status: string;
  readonly leg: number;
  readonly channel: Channel;
  readonly reason: string;
  readonly at: Date;
}

export interface MessageRow {
  message_id: string;
  tenant_id: string;
  recipient_hash: string;
  traffic_type: string;
  state: MessageState;
  legs_dispatched: number;
  failovers: number;
  key_id: string | null;
  send_ciphertext: Buffer | null;
  capability: Buffer | null;
  requested_at_ms: string;
  terminal_leg: number | null;
  terminal_status: string | null;
  terminal_channel: number | null;
  terminal_reason: string | null;
  terminal_at: Date | null;
  traceparent: string | null;
  tracestate: string | null;
}

export interface LegRow {
  leg: number;
  channel: number;
  state: LegState;
  revoke_reason: RevokeReason | null;
}

export const toLeg = (row: LegRow): LegSnapshot => ({ leg: row.leg, channel: row.channel as Channel, state: row.state, revokeReason: row.revoke_reason });

/** The stored trace context of a row, if it has one (rows written before it was kept have none). */
export const traceOf = (row: Pick<MessageRow, 'traceparent' | 'tracestate'>): StoredTraceContext | undefined =>
  row.traceparent ? (row.tracestate ? { traceparent: row.traceparent, tracestate: row.tracestate } : { traceparent: row.traceparent }) : undefined;

export const toTerminal = (row: MessageRow): TerminalRow => ({
  messageId: row.message_id,
  tenantId: row.tenant_id,
  recipientHash: row.recipient_hash,
  status: row.terminal_status ?? '',
  leg: row.terminal_leg ?? 0,
  channel: (row.terminal_channel ?? 0) as Channel,
  legsDispatched: row.legs_dispatched,
  reason: row.terminal_reason ?? '',
  requestedAtMs: BigInt(row.requested_at_ms),
  terminalAt: row.terminal_at ?? new Date(0),
  trace: traceOf(row),
});

/** The locked message as the state machine and the failover read it. */
export function snapshotOf(row: MessageRow, legs: readonly LegRow[]): LockedMessage {
  return {
    messageId: row.message_id,
    tenantId: row.tenant_id,
    recipientHash: row.recipient_hash,
    trafficType: row.traffic_type,
    state: row.state,
    legsDispatched: row.legs_dispatched,
    failovers: row.failovers,
    sealed: row.send_ciphertext !== null,
    terminalLeg: row.terminal_leg,
    legs: legs.map(toLeg),
    keyId: row.key_id,
    sendCiphertext: row.send_ciphertext,
    capability: row.capability,
    requestedAtMs: BigInt(row.requested_at_ms),
    trace: traceOf(row),
  };
}
