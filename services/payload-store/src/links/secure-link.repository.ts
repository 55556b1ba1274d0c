import { Injectable } from '@nestjs/common';
import { Coalescer } from '@switchback/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import { burnsOnWrongSecrets, type KeyMode } from './key-mode';
import type { ProtectedLink, StoredVerifier, VerifierCheck } from './link-keyring';
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
  /** Wrong secret (counted in a guessable key mode); the link stays. */
  | { readonly kind: 'rejected' }
  /** Wrong secret in a guessable key mode, and the last allowed one: the row is gone. */
  | { readonly kind: 'burned'; readonly link: LinkMeta }
  /** `ciphertext` is as stored: wrapped under `pepperKeyId` when that is set. */
  | { readonly kind: 'accepted'; readonly link: LinkMeta; readonly ciphertext: Buffer; readonly pepperKeyId: string | null; readonly algorithm: string; readonly deleted: boolean };

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
  pepper_key_id: string | null;
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
  readonly candidates: readonly StoredVerifier[];
}

/** A view served by `takeLastView`: the row is already gone. `ciphertext` is as stored. */
export interface LastView {
  readonly link: LinkMeta;
  readonly ciphertext: Buffer;
  readonly pepperKeyId: string | null;
  readonly algorithm: string;
}

/** A legacy row (no pepper) to re-key: its id, SHA-256 verifier and unwrapped ciphertext. */
export interface LegacyRow {
  readonly id: string;
  readonly verifier: Buffer;
  readonly ciphertext: Buffer;
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
   * Serves the last view of a live link whose (key id, verifier) is one of `candidates` (the
   * presented secret under each known pepper), deleting the row; undefined when that does not
   * apply (wrong secret, views left, gone), and the caller goes on with `useSecret`, which
   * counts wrong secrets. Concurrent claims share one DELETE … RETURNING. Comparing in SQL is
   * not constant time, but it compares keyed digests of the presented secret: timing can only
   * tell how much of a digest of the guess matches, which brings no guess closer.
   */
  takeLastView(id: string, now: Date, candidates: readonly StoredVerifier[]): Promise<LastView | undefined> {
    return this.lastViews.submit({ id, now, candidates });
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
   * Presents a claim secret: `check` compares it with the stored verifier (constant time).
   * A match serves a view (deleting the row on the last) or revokes. A mismatch counts only in a
   * guessable key mode (code, passphrase), where the `maxFailed`-th one deletes the row
   * (burned); with a 256-bit secret (fragment, device) it is refused and the row left alone.
   */
  useSecret(id: string, now: Date, check: (stored: StoredVerifier) => VerifierCheck, use: SecretUse, maxFailed: number): Promise<SecretOutcome> {
    return this.dataSource.transaction(async (manager): Promise<SecretOutcome> => {
      const rows = (await manager.query(
        `SELECT ${META}, ciphertext, algorithm, access_verifier, pepper_key_id, failed_claims FROM secure_links WHERE id = $1 AND expires_at > $2 FOR UPDATE`,
        [id, now],
      )) as LockedRow[];
      const row = rows[0];
      if (!row) return { kind: 'unavailable' };
      const verdict = check({ keyId: row.pepper_key_id, verifier: row.access_verifier });
      if (verdict === 'unknown_key') return { kind: 'unavailable' };
      if (verdict === 'mismatch') {
        if (!burnsOnWrongSecrets(row.key_mode)) return { kind: 'rejected' };
        if (row.failed_claims + 1 >= maxFailed) {
          await this.delete(manager, id);
          return { kind: 'burned', link: toMeta(row) };
        }
        await manager.query('UPDATE secure_links SET failed_claims = failed_claims + 1 WHERE id = $1', [id]);
        return { kind: 'rejected' };
      }
      if (use === 'revoke') {
        await this.delete(manager, id);
        return { kind: 'accepted', link: toMeta(row), ciphertext: Buffer.alloc(0), pepperKeyId: null, algorithm: row.algorithm, deleted: true };
      }
      const views = row.views + 1;
      const last = views >= row.max_views;
      if (last) await this.delete(manager, id);
      else await manager.query('UPDATE secure_links SET views = $2 WHERE id = $1', [id, views]);
      return { kind: 'accepted', link: toMeta(row, views), ciphertext: row.ciphertext, pepperKeyId: row.pepper_key_id, algorithm: row.algorithm, deleted: last };
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

  /**
   * Re-keys up to `limit` legacy rows (stored before peppers, or without one) with `protect`,
   * which keys the verifier and wraps the ciphertext under the current pepper. Possible without
   * the claim secret because a legacy verifier is SHA-256(claim secret), the very input of the
   * keyed one. SKIP LOCKED: claims in flight and other instances are never waited for.
   */
  rekeyLegacy(limit: number, protect: (row: LegacyRow) => ProtectedLink): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query('SELECT id, access_verifier, ciphertext FROM secure_links WHERE pepper_key_id IS NULL LIMIT $1 FOR UPDATE SKIP LOCKED', [limit])) as { id: string; access_verifier: Buffer; ciphertext: Buffer }[];
      if (rows.length === 0) return 0;
      const updated = rows.map((row) => ({ id: row.id, ...protect({ id: row.id, verifier: row.access_verifier, ciphertext: row.ciphertext }) }));
      await manager.query(
        `UPDATE secure_links s SET pepper_key_id = u.key_id, access_verifier = u.verifier, ciphertext = u.ciphertext
         FROM unnest($1::text[], $2::text[], $3::bytea[], $4::bytea[]) AS u(id, key_id, verifier, ciphertext) WHERE s.id = u.id AND s.pepper_key_id IS NULL`,
        [updated.map((u) => u.id), updated.map((u) => u.keyId), updated.map((u) => u.verifier), updated.map((u) => u.ciphertext)],
      );
      return rows.length;
    });
  }

  private async insertAll(links: readonly NewLink[]): Promise<void> {
    const column = <T>(pick: (link: NewLink) => T): T[] => links.map(pick);
    await this.dataSource.query(
      `INSERT INTO secure_links (id, tenant_id, message_id, ciphertext, algorithm, key_mode, access_verifier, pepper_key_id, created_at, expires_at, max_views, views, failed_claims, escrow_envelope, escrow_key_id)
       SELECT id, tenant_id, message_id, ciphertext, algorithm, key_mode, access_verifier, pepper_key_id, created_at, expires_at, max_views, 0, 0, escrow_envelope, escrow_key_id
       FROM unnest($1::text[], $2::text[], $3::text[], $4::bytea[], $5::text[], $6::text[], $7::bytea[], $8::timestamptz[], $9::timestamptz[], $10::int[], $11::bytea[], $12::text[], $13::text[])
         AS l(id, tenant_id, message_id, ciphertext, algorithm, key_mode, access_verifier, created_at, expires_at, max_views, escrow_envelope, escrow_key_id, pepper_key_id)`,
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
        column((l) => l.pepperKeyId),
      ],
    );
  }

  private async takeLastViews(claims: readonly LastViewClaim[]): Promise<(LastView | undefined)[]> {
    // One unnest row per claim and candidate (key id, verifier): a row matches on its own key id.
    const pairs = claims.flatMap((claim) => claim.candidates.map((candidate) => ({ id: claim.id, now: claim.now, ...candidate })));
    const [rows] = (await this.dataSource.query(
      `DELETE FROM secure_links s USING unnest($1::text[], $2::text[], $3::bytea[], $4::timestamptz[]) AS c(id, key_id, verifier, now)
       WHERE s.id = c.id AND s.expires_at > c.now AND s.pepper_key_id IS NOT DISTINCT FROM c.key_id AND s.access_verifier = c.verifier AND s.views + 1 >= s.max_views
       RETURNING ${META.split(', ').map((column) => `s.${column}`).join(', ')}, s.ciphertext, s.algorithm, s.access_verifier, s.pepper_key_id`,
      [pairs.map((p) => p.id), pairs.map((p) => p.keyId), pairs.map((p) => p.verifier), pairs.map((p) => p.now)],
    )) as [(MetaRow & { ciphertext: Buffer; algorithm: string; access_verifier: Buffer; pepper_key_id: string | null })[], number];
    const taken = new Map(rows.map((row) => [row.id, row]));
    // Two claims of one link in a batch: the first with the right secret gets the row, the
    // other finds it gone on the locked path, as it would have one statement later.
    return claims.map((claim) => {
      const row = taken.get(claim.id);
      if (!row || !claim.candidates.some((c) => c.keyId === row.pepper_key_id && c.verifier.equals(row.access_verifier))) return undefined;
      taken.delete(claim.id);
      return { link: toMeta(row, row.views + 1), ciphertext: row.ciphertext, pepperKeyId: row.pepper_key_id, algorithm: row.algorithm };
    });
  }

  private async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.query('DELETE FROM secure_links WHERE id = $1', [id]);
  }
}
