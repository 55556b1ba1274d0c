import { openDataSource } from '@switchback/persistence';
import { testEnv, uniqueName } from '@switchback/testing';
import { DataSource } from 'typeorm';
import { migrateAll, migrateDataKeyStore } from './migrate-all';
import { migrateConfigSchema, type MigrateConfig } from './migrate.config';
import { serviceMigrations } from './service-migrations';

// The migration job against the real Postgres, in schemas of its own.
describe('migrateAll (the Helm migration job)', () => {
  const schema = (label: string): string => uniqueName(label).replace(/-/g, '_').toLowerCase();
  const config: MigrateConfig = migrateConfigSchema.parse({
    DATABASE_URL: testEnv.databaseUrl,
    CAPABILITY_DISCOVERY_DATABASE_SCHEMA: schema('capability'),
    ROUTING_DATABASE_SCHEMA: schema('routing'),
    PAYLOAD_STORE_DATABASE_SCHEMA: schema('payload'),
    AUDIT_SINK_DATABASE_SCHEMA: schema('audit'),
    WEBHOOK_DISPATCHER_DATABASE_SCHEMA: schema('webhooks'),
    BUS_ENVELOPE_SCHEMA: schema('bus_keys'),
  });
  const schemas = [config.CAPABILITY_DISCOVERY_DATABASE_SCHEMA, config.ROUTING_DATABASE_SCHEMA, config.PAYLOAD_STORE_DATABASE_SCHEMA, config.AUDIT_SINK_DATABASE_SCHEMA, config.WEBHOOK_DISPATCHER_DATABASE_SCHEMA, config.BUS_ENVELOPE_SCHEMA];
  const admin = new DataSource({ type: 'postgres', url: testEnv.databaseUrl });

  beforeAll(() => admin.initialize());
  afterAll(async () => {
    for (const name of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    await admin.destroy();
  });

  const applied = async (name: string): Promise<number> => Number(((await admin.query(`SELECT count(*)::int AS n FROM "${name}".migrations`)) as { n: number }[])[0]?.n);

  it('creates each service schema and applies all its migrations, and applies nothing the second time', async () => {
    const first = await migrateAll(config);
    expect(first.map(({ service, schema: name }) => [service, name])).toEqual([
      ['capability-discovery', config.CAPABILITY_DISCOVERY_DATABASE_SCHEMA],
      ['routing', config.ROUTING_DATABASE_SCHEMA],
      ['payload-store', config.PAYLOAD_STORE_DATABASE_SCHEMA],
      ['audit-sink', config.AUDIT_SINK_DATABASE_SCHEMA],
      ['webhook-dispatcher', config.WEBHOOK_DISPATCHER_DATABASE_SCHEMA],
    ]);
    for (const { schema: name, migrations } of first) {
      expect(migrations).toBeGreaterThan(0);
      expect(await applied(name)).toBe(migrations);
    }
    await migrateAll(config);
    for (const { schema: name, migrations } of first) expect(await applied(name)).toBe(migrations);
  });

  it('creates the bus envelope\'s shared data-key table, and runs again without error', async () => {
    await migrateDataKeyStore(config);
    await migrateDataKeyStore(config);
    const rows = (await admin.query(`SELECT count(*)::int AS n FROM "${config.BUS_ENVELOPE_SCHEMA}".data_keys`)) as { n: number }[];
    expect(rows).toEqual([{ n: 0 }]);
  });

  // What deploy/helm/switchback/README.md grants audit-sink's role: DML it needs, no DDL, no UPDATE/DELETE.
  it('lets audit-sink run in DATABASE_MIGRATIONS=verify with no DDL rights: partitions come from the owner\'s function, rows stay append-only', async () => {
    await migrateAll(config);
    const schema = config.AUDIT_SINK_DATABASE_SCHEMA;
    const role = uniqueName('audit_app').replace(/-/g, '_').toLowerCase();
    const url = new URL(testEnv.databaseUrl);
    url.username = role;
    await admin.query(`CREATE ROLE ${role} LOGIN`);
    try {
      await admin.query(`GRANT USAGE ON SCHEMA "${schema}" TO ${role}`);
      await admin.query(`GRANT SELECT, INSERT ON "${schema}".audit_events, "${schema}".audit_event_keys, "${schema}".audit_checkpoints TO ${role}`);
      await admin.query(`GRANT SELECT ON "${schema}".audit_legal_holds, "${schema}".migrations TO ${role}`);
      await admin.query(`GRANT USAGE ON SEQUENCE "${schema}".audit_checkpoints_id_seq TO ${role}`);
      const audit = (await serviceMigrations(config)).find((service) => service.service === 'audit-sink')!;
      const dataSource = await openDataSource({ url: url.toString(), schema, entities: [], migrations: audit.migrations, migrationsMode: 'verify' });
      try {
        // A month far ahead, so the partition is surely new: made by the SECURITY DEFINER function.
        expect(await dataSource.query(`SELECT audit_ensure_partition('2090-01-01') AS name`)).toEqual([{ name: 'audit_events_p209001' }]);
        expect(await admin.query(`SELECT tableowner = current_user AS owned FROM pg_tables WHERE schemaname = $1 AND tablename = 'audit_events_p209001'`, [schema])).toEqual([{ owned: true }]);
        await dataSource.query(
          `INSERT INTO audit_events (seq, event_key, event_type, message_id, tenant_id, recipient_hash, hash_key_id, channel, outcome, occurred_at, recorded_at, prev_hash, row_hash)
           VALUES (1, 'k1', 'test', 'm1', 't1', 'r1', 'k1', 'sms', 'ok', '2090-01-02', '2090-01-02', '', 'h1')`,
        );
        await dataSource.query(`INSERT INTO audit_checkpoints (seq, row_hash, row_count, created_at, key_id, key_fingerprint, public_key, signature) VALUES (1, 'h1', 1, now(), 'a1', 'f', 'p', 's')`);
        for (const statement of [`UPDATE audit_events SET outcome = 'x'`, 'DELETE FROM audit_events', 'TRUNCATE audit_events', `SELECT audit_drop_partition('2020-01-01')`, 'CREATE TABLE sneaky (id int)']) {
          await expect(dataSource.query(statement)).rejects.toMatchObject({ code: '42501' });
        }
      } finally {
        await dataSource.destroy();
      }
    } finally {
      await admin.query(`DROP OWNED BY ${role}`);
      await admin.query(`DROP ROLE ${role}`);
    }
  });

  it('refuses to start without the owner connection', () => {
    expect(migrateConfigSchema.safeParse({}).error?.issues.map((issue) => issue.path.join('.'))).toEqual(['DATABASE_URL']);
  });
});
