import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { KeyMode } from './key-mode';
import { SecureLinkEntity } from './secure-link.entity';

/** What may leave the store about a link: never ciphertext, verifier or escrow envelope. */
export interface LinkMeta {
  readonly id: string;
  readonly tenantId: string;
  readonly messageId: string | null;
  readonly keyMode: KeyMode;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly maxViews: number;
  /** Views served so far, this claim included. */
  readonly views: number;
  readonly escrowKeyId: string | null;
}

export type NewLink = Omit<SecureLinkEntity, 'views' | 'failedClaims'>;

/** The outcome of presenting a claim secret for a link. */
export type SecretOutcome =
  | { readonly kind: 'unavailable' }
  /** Wrong secret, counted; the link stays. */
  | { readonly kind: 'rejected' }
  /** Wrong secret, and the last allowed one: the row is gone. */
  | { readonly kind: 'burned'; readonly link: LinkMeta }
  | { readonly kind: 'accepted'; readonly link: LinkMeta; readonly ciphertext: Buffer; readonly algorithm: string; readonly deleted: boolean };

/** What to do with a link once its secret matched. */
export type SecretUse = 'view' | 'revoke';

const META = 'id, tenant_id, message_id, key_mode, created_at, expires_at, max_views, views, escrow_key_id';

interface MetaRow {
  id: string;
  tenant_id: string;
  message_id: string | null;
  key_mode: KeyMode;
  created_at: Date;
  expires_at: Date;
  max_views: number;
  views: number;
  escrow_key_id: string | null;
}

interface LockedRow extends MetaRow {
  ciphertext: Buffer;
  algorithm: string;
  access_verifier: Buffer;
  failed_claims: number;
}

const toMeta = (row: MetaRow, views = row.views): LinkMeta => ({
  id: row.id,
  tenantId: row.tenant_id,
  messageId: row.message_id,
  keyMode: row.key_mode,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  maxViews: row.max_views,
  views,
  escrowKeyId: row.escrow_key_id,
});

/**
 * Stored links. Every use of a claim secret locks the row (SELECT ... FOR UPDATE) in one
 * transaction, so of N concurrent claims of the last view exactly one gets the ciphertext; the
 * last view, a revoke and the last wrong secret delete the row in that same transaction.
 */
@Injectable()
export class SecureLinkRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts a link; `announce` runs in the transaction, so a failed announcement stores nothing. */
  async insert(link: NewLink, announce: () => Promise<void>): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.insert(SecureLinkEntity, { ...link, views: 0, failedClaims: 0 });
      await announce();
    });
  }

  /** A live link of this tenant, or undefined (another tenant's link is undefined too). */
  async find(id: string, tenantId: string, now: Date): Promise<LinkMeta | undefined> {
    const rows = (await this.dataSource.query(`SELECT ${META} FROM secure_links WHERE id = $1 AND tenant_id = $2 AND expires_at > $3`, [id, tenantId, now])) as MetaRow[];
    return rows[0] ? toMeta(rows[0]) : undefined;
  }

  /** Deletes a live link of this tenant; undefined if there was none. */
  async revokeByCreator(id: string, tenantId: string, now: Date): Promise<LinkMeta | undefined> {
    const [rows] = (await this.dataSource.query(`DELETE FROM secure_links WHERE id = $1 AND tenant_id = $2 AND expires_at > $3 RETURNING ${META}`, [id, tenantId, now])) as [MetaRow[], number];
    return rows[0] ? toMeta(rows[0]) : undefined;
  }

  /**
   * Presents a claim secret: `matches` compares it with the stored verifier (constant time).
   * A match serves a view (deleting the row on the last) or revokes; a mismatch counts, and
   * the `maxFailed`-th one deletes the row (burned).
   */
  useSecret(id: string, now: Date, matches: (verifier: Buffer) => boolean, use: SecretUse, maxFailed: number): Promise<SecretOutcome> {
    return this.dataSource.transaction(async (manager): Promise<SecretOutcome> => {
      const rows = (await manager.query(
        `SELECT ${META}, ciphertext, algorithm, access_verifier, failed_claims FROM secure_links WHERE id = $1 AND expires_at > $2 FOR UPDATE`,
        [id, now],
      )) as LockedRow[];
      const row = rows[0];
      if (!row) return { kind: 'unavailable' };
      if (!matches(row.access_verifier)) {
        if (row.failed_claims + 1 >= maxFailed) {
          await this.delete(manager, id);
          return { kind: 'burned', link: toMeta(row) };
        }
        await manager.query('UPDATE secure_links SET failed_claims = failed_claims + 1 WHERE id = $1', [id]);
        return { kind: 'rejected' };
      }
      if (use === 'revoke') {
        await this.delete(manager, id);
        return { kind: 'accepted', link: toMeta(row), ciphertext: Buffer.alloc(0), algorithm: row.algorithm, deleted: true };
      }
      const views = row.views + 1;
      const last = views >= row.max_views;
      if (last) await this.delete(manager, id);
      else await manager.query('UPDATE secure_links SET views = $2 WHERE id = $1', [id, views]);
      return { kind: 'accepted', link: toMeta(row, views), ciphertext: row.ciphertext, algorithm: row.algorithm, deleted: last };
    });
  }

  /**
   * Deletes up to `limit` links past their deadline. `announce` runs inside the transaction,
   * after the delete and before the commit: if it fails the rows come back and the next sweep
   * tries again (at least once). SKIP LOCKED lets several instances sweep side by side.
   */
  expireDue(now: Date, limit: number, announce: (links: LinkMeta[]) => Promise<void>): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [rows] = (await manager.query(
        `DELETE FROM secure_links WHERE id IN (
           SELECT id FROM secure_links WHERE expires_at <= $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED
         ) RETURNING ${META}`,
        [now, limit],
      )) as [MetaRow[], number];
      if (rows.length > 0) await announce(rows.map((row) => toMeta(row)));
      return rows.length;
    });
  }

  private async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.query('DELETE FROM secure_links WHERE id = $1', [id]);
  }
}
