import { openDataSource } from '@switchback/persistence';
import { testEnv, uniqueName } from '@switchback/testing';
import type { DataSource } from 'typeorm';
import { routingEntities, routingMigrations } from '../src/database/routing-database';
import { randomBytes } from 'node:crypto';
import { IdempotencyBodyHasher } from '../src/ingress/idempotency-body-hasher';
import { IngressMaintenanceSweeper } from '../src/ingress/ingress-maintenance.sweeper';
import { IngressRetention } from '../src/ingress/ingress-retention';
import { LIFECYCLE_RETENTION_BATCH, LifecycleRetention } from '../src/lifecycle/lifecycle-retention';

// Retention of the lifecycle tables on real Postgres (own schema, every migration applied):
// ended and announced lifecycles older than LIFECYCLE_RETENTION_DAYS go, with their legs, in
// bounded batches; open messages, recent ends and ends still owed their announcement stay.
const DAY_MS = 86_400_000;
const NOW = Date.UTC(2026, 10, 23, 12);

describe('lifecycle retention (real Postgres)', () => {
  const schema = uniqueName('routing_lc_ret').replace(/-/g, '_');
  let dataSource: DataSource;
  let sweeper: IngressMaintenanceSweeper;

  /** Messages `prefix-0..n-1` with two legs each; `ended`/`announced` days before NOW (null: not). */
  const insert = async (prefix: string, n: number, createdDaysAgo: number, endedDaysAgo: number | null, announced: boolean) => {
    const at = (days: number | null) => (days === null ? null : new Date(NOW - days * DAY_MS));
    await dataSource.query(
      `INSERT INTO message_lifecycles (message_id, tenant_id, recipient_hash, traffic_type, state, legs_dispatched, requested_at_ms, created_at,
                                       terminal_status, terminal_leg, terminal_channel, terminal_reason, terminal_at, terminal_published_at)
       SELECT $1 || '-' || i, 'acme', 'k1:h', 'alert', CASE WHEN $4::timestamptz IS NULL THEN 'dispatched' ELSE 'delivered' END, 2, 0, $3,
              CASE WHEN $4::timestamptz IS NULL THEN NULL ELSE 'delivered' END, 1, 2, '', $4, CASE WHEN $5 THEN $4 ELSE NULL END
         FROM generate_series(0, $2 - 1) AS i`,
      [prefix, n, at(createdDaysAgo), at(endedDaysAgo), announced],
    );
    await dataSource.query(
      `INSERT INTO lifecycle_legs (message_id, leg, channel, state, updated_at)
       SELECT m.message_id, l, 2, 'delivered', m.created_at FROM message_lifecycles m, generate_series(1, 2) AS l WHERE m.message_id LIKE $1 || '-%'`,
      [prefix],
    );
  };
  const count = async (table: string, prefix: string): Promise<number> =>
    ((await dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE message_id LIKE $1 || '-%'`, [prefix])) as { n: number }[])[0]!.n;

  beforeAll(async () => {
    dataSource = await openDataSource({ url: testEnv.databaseUrl, schema, entities: routingEntities, migrations: routingMigrations });
    const config = { IDEMPOTENCY_KEY_TTL_S: 86_400, ORPHAN_LEG_TTL_S: 7 * 86_400, LIFECYCLE_RETENTION_DAYS: 31, INGRESS_MAINTENANCE_INTERVAL_MS: 60_000 };
    sweeper = new IngressMaintenanceSweeper(new IngressRetention(dataSource), new LifecycleRetention(dataSource), { now: () => NOW }, config, new IdempotencyBodyHasher({ IDEMPOTENCY_BODY_KEYS: [{ id: 'i1', key: randomBytes(32) }] }));
  }, 60_000);

  afterAll(async () => {
    await dataSource?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await dataSource?.destroy();
  });

  it('deletes ended, announced lifecycles older than the retention with their legs, and keeps everything else', async () => {
    await insert('old', 3, 40, 32, true);
    await insert('recent', 2, 40, 30, true); // ended 30 days ago: inside 31 days
    await insert('owed', 2, 40, 35, false); // its MessageTerminal was never announced: kept until it is
    await insert('open', 2, 40, null, false); // still dispatched (LIFECYCLE_MAX_AGE_S ends it first)

    const result = await sweeper.sweep();
    expect(result.lifecycles).toBe(3);
    expect(await count('message_lifecycles', 'old')).toBe(0);
    expect(await count('lifecycle_legs', 'old')).toBe(0);
    for (const kept of ['recent', 'owed', 'open']) {
      expect(await count('message_lifecycles', kept)).toBe(2);
      expect(await count('lifecycle_legs', kept)).toBe(4);
    }
    // Nothing left to delete: a second run finds nothing.
    expect((await sweeper.sweep()).lifecycles).toBe(0);
  });

  it('deletes in bounded batches: one batch per statement, at most the run budget per sweep', async () => {
    await insert('bulk', LIFECYCLE_RETENTION_BATCH + 5, 60, 45, true);
    expect((await sweeper.sweep(1)).lifecycles).toBe(LIFECYCLE_RETENTION_BATCH);
    expect(await count('message_lifecycles', 'bulk')).toBe(5);
    expect((await sweeper.sweep(1)).lifecycles).toBe(5);
    expect(await count('message_lifecycles', 'bulk')).toBe(0);
    expect(await count('lifecycle_legs', 'bulk')).toBe(0);
  });
});
