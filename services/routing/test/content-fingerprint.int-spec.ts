import { openDataSource } from '@switchback/persistence';
import { testEnv, uniqueName } from '@switchback/testing';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { routingEntities, routingMigrations } from '../src/database/routing-database';
import { ContentFingerprinter } from '../src/fingerprint/content-fingerprinter';
import { PostgresFingerprintSeeds } from '../src/fingerprint/postgres-fingerprint-seeds';

// Per-tenant content-fingerprint keys on real Postgres (own schema, every migration applied).
describe('content fingerprints (real Postgres)', () => {
  const schema = uniqueName('routing_fp').replace(/-/g, '_');
  const config = { CONTENT_FINGERPRINT_KEYS: [{ id: 'f1', key: randomBytes(32) }], CONTENT_FINGERPRINT_CACHE_S: 300 };
  const clock = { now: () => Date.now() };
  let dataSource: DataSource;
  const stores: PostgresFingerprintSeeds[] = [];
  const instance = (): ContentFingerprinter => {
    const seeds = new PostgresFingerprintSeeds({ url: testEnv.databaseUrl, schema });
    stores.push(seeds);
    return new ContentFingerprinter(seeds, config, clock);
  };

  beforeAll(async () => {
    dataSource = await openDataSource({ url: testEnv.databaseUrl, schema, entities: routingEntities, migrations: routingMigrations });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(stores.map((store) => store.onApplicationShutdown()));
    await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await dataSource.destroy();
  });

  it('gives two instances racing on a new tenant one seed, and stores no master key and no text', async () => {
    const [a, b] = [instance(), instance()];
    const [fa, fb] = await Promise.all([a.of('acme', 'Your code is 483920'), b.of('acme', 'Your code is 483920')]);
    expect(fa).toBe(fb);
    const rows = (await dataSource.query(`SELECT tenant_id, seed FROM content_fingerprint_keys WHERE tenant_id = 'acme'`)) as { tenant_id: string; seed: Buffer }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.seed.equals(config.CONTENT_FINGERPRINT_KEYS[0]!.key)).toBe(false);
  });

  it("erases one tenant's content traces: its fingerprints become unverifiable by any instance, another tenant's stay", async () => {
    const fp = instance();
    const acme = await fp.of('acme', 'Your code is 483920');
    const globex = await fp.of('globex', 'Your code is 483920');
    expect(await instance().matches('acme', 'Your code is 483920', acme)).toBe(true);

    expect(await fp.destroyTenant('acme')).toBe(true);
    expect(await instance().matches('acme', 'Your code is 483920', acme)).toBe(false);
    expect(await instance().matches('globex', 'Your code is 483920', globex)).toBe(true);
    const rows = (await dataSource.query(`SELECT tenant_id FROM content_fingerprint_keys ORDER BY tenant_id`)) as { tenant_id: string }[];
    expect(rows.map((row) => row.tenant_id)).toEqual(['globex']);
    // The tenant's next message gets a new seed: nothing links it to the erased fingerprints.
    const fresh = await instance().of('acme', 'Your code is 483920');
    expect(fresh).not.toBe(acme);
    expect(await fp.destroyTenant('nobody')).toBe(false);
  });
});
