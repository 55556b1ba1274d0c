import { testEnv, uniqueName } from '@switchback/testing';
import { DataSource } from 'typeorm';
import { migrateAll } from './migrate-all';
import { migrateConfigSchema, type MigrateConfig } from './migrate.config';

// The migration job against the real Postgres, in schemas of its own.
describe('migrateAll (the Helm migration job)', () => {
  const schema = (label: string): string => uniqueName(label).replace(/-/g, '_').toLowerCase();
  const config: MigrateConfig = migrateConfigSchema.parse({
    DATABASE_URL: testEnv.databaseUrl,
    CAPABILITY_DISCOVERY_DATABASE_SCHEMA: schema('capability'),
    ROUTING_DATABASE_SCHEMA: schema('routing'),
    PAYLOAD_STORE_DATABASE_SCHEMA: schema('payload'),
    AUDIT_SINK_DATABASE_SCHEMA: schema('audit'),
  });
  const schemas = [config.CAPABILITY_DISCOVERY_DATABASE_SCHEMA, config.ROUTING_DATABASE_SCHEMA, config.PAYLOAD_STORE_DATABASE_SCHEMA, config.AUDIT_SINK_DATABASE_SCHEMA];
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
    ]);
    for (const { schema: name, migrations } of first) {
      expect(migrations).toBeGreaterThan(0);
      expect(await applied(name)).toBe(migrations);
    }
    await migrateAll(config);
    for (const { schema: name, migrations } of first) expect(await applied(name)).toBe(migrations);
  });

  it('refuses to start without the owner connection', () => {
    expect(migrateConfigSchema.safeParse({}).error?.issues.map((issue) => issue.path.join('.'))).toEqual(['DATABASE_URL']);
  });
});
