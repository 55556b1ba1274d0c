import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { HeldMessageEntity } from './held-message.entity';

export type NewHeldMessage = Omit<HeldMessageEntity, 'status' | 'actor' | 'overrideReason' | 'resolvedAt'>;

/** Stored holds. Every state change is a conditional UPDATE, so racing writers change a row once. */
@Injectable()
export class HeldMessageRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Idempotent: a redelivered send finds its hold in place and changes nothing. */
  async insert(row: NewHeldMessage): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(HeldMessageEntity)
      .values({ ...row, status: 'held', actor: null, overrideReason: null, resolvedAt: null })
      .orIgnore()
      .execute();
  }

  find(tenantId: string, messageId: string): Promise<HeldMessageEntity | null> {
    return this.dataSource.getRepository(HeldMessageEntity).findOne({ where: { tenantId, messageId } });
  }

  /** held → released, only if still held and not past its deadline; false if someone else won. */
  async claim(tenantId: string, messageId: string, actor: string, reason: string, now: Date): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `UPDATE held_messages SET status = 'released', actor = $3, override_reason = $4, resolved_at = $5
        WHERE tenant_id = $1 AND message_id = $2 AND status = 'held' AND hold_expires_at > $5
        RETURNING message_id`,
      [tenantId, messageId, actor, reason, now],
    )) as [unknown[], number];
    return rows[0].length === 1;
  }

  /** Gives a claimed hold back when its dispatch failed, so it can be overridden again. */
  async unclaim(tenantId: string, messageId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE held_messages SET status = 'held', actor = NULL, override_reason = NULL, resolved_at = NULL
        WHERE tenant_id = $1 AND message_id = $2 AND status = 'released' AND content_ciphertext IS NOT NULL`,
      [tenantId, messageId],
    );
  }

  /** Deletes the sealed content of a released hold once it has been dispatched. */
  async wipe(tenantId: string, messageId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE held_messages SET recipient_ciphertext = NULL, content_ciphertext = NULL WHERE tenant_id = $1 AND message_id = $2 AND status = 'released'`,
      [tenantId, messageId],
    );
  }

  /**
   * Expires up to `limit` holds past their deadline. `announce` runs inside the transaction,
   * before the rows change: if it fails nothing is expired and the next sweep tries again
   * (at least once); it gets the transaction's manager, so what it writes commits (or rolls
   * back) with the expiry. SKIP LOCKED lets several instances sweep without waiting on each other.
   */
  expireDue(now: Date, limit: number, announce: (rows: HeldMessageEntity[], manager: EntityManager) => Promise<void>): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager
        .getRepository(HeldMessageEntity)
        .createQueryBuilder('h')
        .where(`h.status = 'held' AND h.hold_expires_at <= :now`, { now })
        .orderBy('h.hold_expires_at', 'ASC')
        .limit(limit)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      if (rows.length === 0) return 0;
      await announce(rows, manager);
      for (const tenantId of new Set(rows.map((row) => row.tenantId))) {
        const messageIds = rows.filter((row) => row.tenantId === tenantId).map((row) => row.messageId);
        await manager.update(HeldMessageEntity, { tenantId, messageId: In(messageIds), status: 'held' }, { status: 'expired', recipientCiphertext: null, contentCiphertext: null, resolvedAt: now });
      }
      return rows.length;
    });
  }
}
