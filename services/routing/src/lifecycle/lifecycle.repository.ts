import { Injectable } from '@nestjs/common';
import { Coalescer } from '@switchback/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import { OPEN_LEG_STATES, type LegSnapshot } from './lifecycle-state';
import { snapshotOf, toTerminal, type EndedWithoutLeg, type LegRow, type MessageRow, type NewLeg, type NewLifecycle, type TerminalRow } from './lifecycle-rows';
import { LifecycleTx } from './lifecycle-tx';

interface OpenLifecycle {
  readonly row: NewLifecycle;
  readonly legs: readonly NewLeg[];
}

@Injectable()
export class LifecycleRepository {
  constructor(private readonly dataSource: DataSource) {}

  // Group commit: the sends routed at the same time open their lifecycles in one statement.
  private readonly opens = new Coalescer<OpenLifecycle>((batch) => this.writeOpens(batch));
  private readonly announced = new Coalescer<{ messageId: string; at: Date }>((batch) => this.writeAnnounced(batch));

  /** Idempotent: a redelivered send finds its row and adds no legs. */
  open(row: NewLifecycle, legs: readonly NewLeg[]): Promise<void> {
    return this.opens.submit({ row, legs });
  }

  private async writeOpens(batch: readonly OpenLifecycle[]): Promise<void> {
    // The first of a message wins, as in a sequence of inserts (a second one finds the row and adds no legs).
    const opens = [...new Map([...batch].reverse().map((open) => [open.row.messageId, open])).values()];
    const rows = opens.map((open) => open.row);
    const legs = opens.flatMap((open) => open.legs.map((leg) => ({ messageId: open.row.messageId, ...leg })));
    await this.dataSource.query(
      `WITH m AS (
         INSERT INTO message_lifecycles (message_id, tenant_id, recipient_hash, traffic_type, state, legs_dispatched, key_id, send_ciphertext, capability, requested_at_ms, created_at, traceparent, tracestate)
         SELECT r.message_id, r.tenant_id, r.recipient_hash, r.traffic_type, 'dispatched', r.legs_dispatched, r.key_id, r.send_ciphertext, r.capability, r.requested_at_ms, r.created_at, r.traceparent, r.tracestate
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::bytea[], $8::bytea[], $9::bigint[], $10::timestamptz[], $11::text[], $12::text[])
             AS r(message_id, tenant_id, recipient_hash, traffic_type, legs_dispatched, key_id, send_ciphertext, capability, requested_at_ms, created_at, traceparent, tracestate)
         ON CONFLICT (message_id) DO NOTHING RETURNING message_id, created_at)
       INSERT INTO lifecycle_legs (message_id, leg, channel, state, fallback_reason, failover_from_leg, deadline_at, updated_at)
       SELECT l.message_id, l.leg, l.channel, 'live', l.reason, 0, l.deadline, m.created_at
         FROM unnest($13::text[], $14::int[], $15::int[], $16::int[], $17::timestamptz[]) AS l(message_id, leg, channel, reason, deadline)
         JOIN m ON m.message_id = l.message_id`,
      [
        rows.map((row) => row.messageId),
        rows.map((row) => row.tenantId),
        rows.map((row) => row.recipientHash),
        rows.map((row) => row.trafficType),
        rows.map((row) => row.legsDispatched),
        rows.map((row) => row.keyId),
        rows.map((row) => row.sendCiphertext),
        rows.map((row) => row.capability),
        rows.map((row) => row.requestedAtMs.toString()),
        rows.map((row) => row.createdAt),
        rows.map((row) => row.trace?.traceparent ?? null),
        rows.map((row) => row.trace?.tracestate ?? null),
        legs.map((leg) => leg.messageId),
        legs.map((leg) => leg.leg),
        legs.map((leg) => leg.channel),
        legs.map((leg) => leg.fallbackReason),
        legs.map((leg) => leg.deadlineAt),
      ],
    );
  }

  /**
   * A message that ends without ever having a leg (a hold nobody overrode), written ended in
   * `manager`'s transaction. Once per message: a message already followed is left as it is.
   */
  async insertEnded(manager: EntityManager, rows: readonly EndedWithoutLeg[]): Promise<TerminalRow[]> {
    const ended: TerminalRow[] = [];
    for (const row of rows) {
      const [inserted] = (await manager.query(
        `INSERT INTO message_lifecycles (message_id, tenant_id, recipient_hash, traffic_type, state, legs_dispatched, requested_at_ms, created_at,
                                         terminal_status, terminal_leg, terminal_channel, terminal_reason, terminal_at, traceparent, tracestate)
         VALUES ($1, $2, $3, $4, $5, 0, $6, $7, $8, 0, 0, $9, $10, $11, $12) ON CONFLICT (message_id) DO NOTHING RETURNING *`,
        [row.messageId, row.tenantId, row.recipientHash, row.trafficType, row.state, row.requestedAtMs.toString(), row.createdAt, row.status, row.reason, row.at, row.trace?.traceparent ?? null, row.trace?.tracestate ?? null],
      )) as MessageRow[];
      if (inserted) ended.push(toTerminal(inserted));
    }
    return ended;
  }

  /** Forgets a lifecycle opened for a leg that was never published (an override whose dispatch failed). */
  async discard(messageId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM message_lifecycles WHERE message_id = $1 AND state = 'dispatched' AND failovers = 0`, [messageId]);
  }

  /** The tenant of a followed message (it never changes: read without the lock). */
  async tenantOf(messageId: string): Promise<string | undefined> {
    const [row] = (await this.dataSource.query(`SELECT tenant_id FROM message_lifecycles WHERE message_id = $1`, [messageId])) as { tenant_id: string }[];
    return row?.tenant_id;
  }

  /**
   * The common DELIVERED (or READ): the only open leg of a dispatched message wins. One
   * compare-and-set statement, no row lock held across round trips: it ends the message (the
   * sealed send deleted) and settles the leg only if, as of the statement, the message is this
   * tenant's, still dispatched, no leg was added since (`legs_dispatched` equals the highest leg
   * number: a failover committed while we waited makes them differ) and no other leg is open
   * (legs never reopen). Undefined when that does not hold: the caller takes the locked path,
   * which also handles revokes and losers.
   */
  async winAlone(win: { messageId: string; tenantId: string; leg: number; legState: 'delivered' | 'read'; reason: string; at: Date }): Promise<{ terminal: TerminalRow; trafficType: string } | undefined> {
    const rows = (await this.dataSource.query(
      `WITH m AS (
         UPDATE message_lifecycles SET state = $4, terminal_status = $4, terminal_leg = $3,
                terminal_channel = (SELECT channel FROM lifecycle_legs WHERE message_id = $1 AND leg = $3),
                terminal_reason = $5, terminal_at = $6, send_ciphertext = NULL, capability = NULL, key_id = NULL
          WHERE message_id = $1 AND tenant_id = $2 AND state = 'dispatched'
            AND legs_dispatched = (SELECT max(leg) FROM lifecycle_legs WHERE message_id = $1)
            AND EXISTS (SELECT 1 FROM lifecycle_legs WHERE message_id = $1 AND leg = $3)
            AND NOT EXISTS (SELECT 1 FROM lifecycle_legs WHERE message_id = $1 AND leg <> $3 AND state = ANY($7::text[]))
          RETURNING *),
       l AS (
         UPDATE lifecycle_legs SET state = $4, updated_at = $6, deadline_at = NULL
          WHERE message_id = $1 AND leg = $3 AND EXISTS (SELECT 1 FROM m) RETURNING leg)
       SELECT m.*, (SELECT count(*) FROM l)::int AS legs_set FROM m`,
      [win.messageId, win.tenantId, win.leg, win.legState, win.reason, win.at, [...OPEN_LEG_STATES]],
    )) as (MessageRow & { legs_set: number })[];
    const row = rows[0];
    return row ? { terminal: toTerminal(row), trafficType: row.traffic_type } : undefined;
  }

  /** Runs `work` with the message row locked; undefined when routing does not follow the message. */
  transition<T>(messageId: string, work: (tx: LifecycleTx) => Promise<T>): Promise<T | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const [message] = (await manager.query(`SELECT * FROM message_lifecycles WHERE message_id = $1 FOR UPDATE`, [messageId])) as MessageRow[];
      if (!message) return undefined;
      const legs = (await manager.query(`SELECT leg, channel, state, revoke_reason FROM lifecycle_legs WHERE message_id = $1 ORDER BY leg`, [messageId])) as LegRow[];
      return work(new LifecycleTx(manager, snapshotOf(message, legs)));
    });
  }

  /**
   * Locks up to `limit` messages with an open leg past its deadline (SKIP LOCKED: instances
   * share the work; a message busy with an outcome waits for the next sweep) and runs `work`
   * for each leg in the same transaction.
   */
  dueLegs(now: Date, limit: number, work: (tx: LifecycleTx, leg: LegSnapshot) => Promise<void>): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const due = (await manager.query(
        `SELECT m.*, l.leg AS due_leg FROM message_lifecycles m JOIN lifecycle_legs l ON l.message_id = m.message_id
          WHERE m.state = 'dispatched' AND l.state IN ('live', 'revoking') AND l.deadline_at <= $1
          ORDER BY l.deadline_at LIMIT $2 FOR UPDATE OF m, l SKIP LOCKED`,
        [now, limit],
      )) as (MessageRow & { due_leg: number })[];
      for (const message of due) {
        const legs = (await manager.query(`SELECT leg, channel, state, revoke_reason FROM lifecycle_legs WHERE message_id = $1 ORDER BY leg`, [message.message_id])) as LegRow[];
        const tx = new LifecycleTx(manager, snapshotOf(message, legs));
        const leg = tx.message.legs.find((candidate) => candidate.leg === message.due_leg);
        if (leg) await work(tx, leg);
      }
      return due.length;
    });
  }

  /**
   * Locks up to `limit` messages still dispatched that were opened before `before` (SKIP
   * LOCKED) and runs `work` for each in the same transaction.
   */
  stale(before: Date, limit: number, work: (tx: LifecycleTx) => Promise<void>): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(
        `SELECT * FROM message_lifecycles WHERE state = 'dispatched' AND created_at < $1 ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [before, limit],
      )) as MessageRow[];
      for (const row of rows) {
        const legs = (await manager.query(`SELECT leg, channel, state, revoke_reason FROM lifecycle_legs WHERE message_id = $1 ORDER BY leg`, [row.message_id])) as LegRow[];
        await work(new LifecycleTx(manager, snapshotOf(row, legs)));
      }
      return rows.length;
    });
  }

  /** Terminal states committed but not announced before `before` (the announcing instance died). */
  async unannounced(before: Date, limit: number): Promise<TerminalRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT * FROM message_lifecycles WHERE terminal_at IS NOT NULL AND terminal_published_at IS NULL AND terminal_at <= $1 ORDER BY terminal_at LIMIT $2`,
      [before, limit],
    )) as MessageRow[];
    return rows.map(toTerminal);
  }

  /** The terminal state of a message that ended, if it was never announced. */
  async unannouncedOf(messageId: string): Promise<TerminalRow | undefined> {
    const [row] = (await this.dataSource.query(`SELECT * FROM message_lifecycles WHERE message_id = $1 AND terminal_at IS NOT NULL AND terminal_published_at IS NULL`, [messageId])) as MessageRow[];
    return row ? toTerminal(row) : undefined;
  }

  markAnnounced(messageId: string, at: Date): Promise<void> {
    return this.announced.submit({ messageId, at });
  }

  private async writeAnnounced(batch: readonly { messageId: string; at: Date }[]): Promise<void> {
    await this.dataSource.query(
      `UPDATE message_lifecycles m SET terminal_published_at = a.at FROM unnest($1::text[], $2::timestamptz[]) AS a(message_id, at)
        WHERE m.message_id = a.message_id AND m.terminal_published_at IS NULL`,
      [batch.map((row) => row.messageId), batch.map((row) => row.at)],
    );
  }
}
