import { Injectable } from '@nestjs/common';
import { Coalescer } from '@switchback/persistence';
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

interface LastViewClaim {
  readonly id: string;
  readonly now: Date;
  readonly verifier: Buffer;
}

/** A view served by `takeLastView`: the row is already gone. */
export interface LastView {
  readonly link: LinkMeta;
  readonly ciphertext: Buffer;
  readonly algorithm: string;
}

/**
 * Stored links. Creates and last views are set-based: what arrives together is one INSERT or
 * one conditional DELETE … RETURNING, and of N concurrent claims of a last view exactly one
 * deletes the row and gets the ciphertext. Every other use of a claim secret
 * (earlier views, wrong secrets, holder revokes) locks the row (SELECT … FOR UPDATE) in one
 * transaction; the last view, a revoke and the last wrong secret delete the row in it.
 */
@Injectable()
export class SecureLinkRepository {
  private readonly inserts = new Coalescer<NewLink>((links) => this.insertAll(links));
  private readonly lastViews = new Coalescer<LastViewClaim, LastView | undefined>((claims) => this.takeLastViews(claims));

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts a link. Links created at the same time share one multi-row INSERT (no transaction
   * to hold open); a failed statement fails every create in it, each caller retries its own.
   */
  insert(link: NewLink): Promise<void> {
    return this.inserts.submit(link);
  }

  /**
   * Serves the last view of a live link whose verifier is `verifier`, deleting the row; undefined
   * when that does not apply (wrong secret, views left, gone), and the caller goes on with
   * `useSecret`, which counts wrong secrets. Concurrent claims share one DELETE … RETURNING.
   * Comparing in SQL is not constant time, but it compares SHA-256 digests of the presented
   * secret: timing can only tell how much of a digest of the guess matches, which brings no
   * guess closer.
   */
  takeLastView(id: string, now: Date, verifier: Buffer): Promise<LastView | undefined> {
    return this.lastViews.submit({ id, now, verifier });
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

  private async insertAll(links: readonly NewLink[]): Promise<void> {
    const column = <T>(pick: (link: NewLink) => T): T[] => links.map(pick);
    await this.dataSource.query(
      `INSERT INTO secure_links (id, tenant_id, message_id, ciphertext, algorithm, key_mode, access_verifier, created_at, expires_at, max_views, views, failed_claims, escrow_envelope, escrow_key_id)
       SELECT id, tenant_id, message_id, ciphertext, algorithm, key_mode, access_verifier, created_at, expires_at, max_views, 0, 0, escrow_envelope, escrow_key_id
       FROM unnest($1::text[], $2::text[], $3::text[], $4::bytea[], $5::text[], $6::text[], $7::bytea[], $8::timestamptz[], $9::timestamptz[], $10::int[], $11::bytea[], $12::text[])
         AS l(id, tenant_id, message_id, ciphertext, algorithm, key_mode, access_verifier, created_at, expires_at, max_views, escrow_envelope, escrow_key_id)`,
      [
        column((l) => l.id),
        column((l) => l.tenantId),
        column((l) => l.messageId),
        column((l) => l.ciphertext),
        column((l) => l.algorithm),
        column((l) => l.keyMode),
        column((l) => l.accessVerifier),
        column((l) => l.createdAt),
        column((l) => l.expiresAt),
        column((l) => l.maxViews),
        column((l) => l.escrowEnvelope),
        column((l) => l.escrowKeyId),
      ],
    );
  }

  private async takeLastViews(claims: readonly LastViewClaim[]): Promise<(LastView | undefined)[]> {
    const [rows] = (await this.dataSource.query(
      `DELETE FROM secure_links s USING unnest($1::text[], $2::bytea[], $3::timestamptz[]) AS c(id, verifier, now)
       WHERE s.id = c.id AND s.expires_at > c.now AND s.access_verifier = c.verifier AND s.views + 1 >= s.max_views
       RETURNING ${META.split(', ').map((column) => `s.${column}`).join(', ')}, s.ciphertext, s.algorithm, s.access_verifier`,
      [claims.map((c) => c.id), claims.map((c) => c.verifier), claims.map((c) => c.now)],
    )) as [(MetaRow & { ciphertext: Buffer; algorithm: string; access_verifier: Buffer })[], number];
    const taken = new Map(rows.map((row) => [row.id, row]));
    // Two claims of one link in a batch: the first with the right secret gets the row, the
    // other finds it gone on the locked path, as it would have one statement later.
    return claims.map((claim) => {
      const row = taken.get(claim.id);
      if (!row || !row.access_verifier.equals(claim.verifier)) return undefined;
      taken.delete(claim.id);
      return { link: toMeta(row, row.views + 1), ciphertext: row.ciphertext, algorithm: row.algorithm };
    });
  }

  private async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.query('DELETE FROM secure_links WHERE id = $1', [id]);
  }
}
