import type { EntityManager } from 'typeorm';
import type { Outbox, StagedOutbox } from '../outbox/outbox';
import type { StagedEvent } from '../outbox/staged-events';
import type { LegState, MessageState, RevokeReason } from './lifecycle-state';
import { toTerminal, type LockedMessage, type MessageRow, type NewLeg, type TerminalRow, type TerminalUpdate } from './lifecycle-rows';

/**
 * Every write is guarded by the state it leaves (compare-and-set in SQL) and runs under the
 * message row's lock, so redelivered or out-of-order outcomes and several routing instances
 * move a message once.
 */
export class LifecycleTx {
  constructor(
    private readonly manager: EntityManager,
    readonly message: LockedMessage,
  ) {}

  /** Moves a leg from one of `from` to `to`; false if it was elsewhere (someone got there first). */
  async setLeg(leg: number, from: readonly LegState[], to: LegState, at: Date, extra: { deadlineAt?: Date | null; revokeReason?: RevokeReason } = {}): Promise<boolean> {
    const [rows] = (await this.manager.query(
      `UPDATE lifecycle_legs SET state = $3, updated_at = $4, deadline_at = CASE WHEN $5::boolean THEN $6::timestamptz ELSE deadline_at END, revoke_reason = COALESCE($7, revoke_reason)
        WHERE message_id = $1 AND leg = $2 AND state = ANY($8::text[]) RETURNING leg`,
      [this.message.messageId, leg, to, at, extra.deadlineAt !== undefined, extra.deadlineAt ?? null, extra.revokeReason ?? null, [...from]],
    )) as [unknown[], number];
    return rows.length === 1;
  }

  /** A failover's leg; the message stays dispatched with one more failover. */
  async addFailoverLeg(leg: NewLeg, lastLeg: number, at: Date): Promise<boolean> {
    const [rows] = (await this.manager.query(
      `UPDATE message_lifecycles SET legs_dispatched = $2, failovers = failovers + 1 WHERE message_id = $1 AND state = 'dispatched' AND legs_dispatched < $3 RETURNING message_id`,
      [this.message.messageId, lastLeg, leg.leg],
    )) as [unknown[], number];
    if (rows.length !== 1) return false;
    await this.manager.query(
      `INSERT INTO lifecycle_legs (message_id, leg, channel, state, fallback_reason, failover_from_leg, deadline_at, updated_at) VALUES ($1, $2, $3, 'live', $4, $5, $6, $7)`,
      [this.message.messageId, leg.leg, leg.channel, leg.fallbackReason, leg.failoverFromLeg, leg.deadlineAt, at],
    );
    return true;
  }

  /** dispatched → a terminal state, once; the sealed send is deleted in the same write. */
  async end(update: TerminalUpdate): Promise<TerminalRow | undefined> {
    const [rows] = (await this.manager.query(
      `UPDATE message_lifecycles SET state = $2, terminal_status = $3, terminal_leg = $4, terminal_channel = $5, terminal_reason = $6, terminal_at = $7,
              send_ciphertext = NULL, capability = NULL, key_id = NULL
        WHERE message_id = $1 AND state = 'dispatched' RETURNING *`,
      [this.message.messageId, update.state, update.status, update.leg, update.channel, update.reason, update.at],
    )) as [MessageRow[], number];
    return rows[0] ? toTerminal(rows[0]) : undefined;
  }

  /** Writes events to the outbox in this transaction, to publish after the commit. */
  stage(outbox: Outbox, events: readonly StagedEvent[]): Promise<StagedOutbox> {
    return outbox.stage(this.manager, events);
  }

  /** delivered → read on the winning leg (the terminal event is not repeated). */
  async setMessageState(from: MessageState, to: MessageState): Promise<void> {
    await this.manager.query(`UPDATE message_lifecycles SET state = $3 WHERE message_id = $1 AND state = $2`, [this.message.messageId, from, to]);
  }
}
