import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { testEnv, uniqueName } from '@switchback/testing';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { DatabaseModule } from './database.module';
import { openDataSource, type DatabaseOptions } from './open-data-source';
import { PendingMigrationsException } from './pending-migrations.exception';

class CreateWidgets1700000000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE widgets (id int PRIMARY KEY, name text NOT NULL)');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE widgets');
  }
}

class AddWidgetColour1700000000001 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE widgets ADD COLUMN colour text');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE widgets DROP COLUMN colour');
  }
}

// DATABASE_MIGRATIONS against the real Postgres: a service role with DML rights only (no CREATE
// on the database or the schema, not the tables' owner), as the Helm chart deploys it.
describe('openDataSource with a role without DDL rights', () => {
  const schema = uniqueName('persist').replace(/-/g, '_').toLowerCase();
  const role = uniqueName('app').replace(/-/g, '_').toLowerCase();
  const roleUrl = (() => {
    const url = new URL(testEnv.databaseUrl);
    url.username = role;
    url.password = '';
    return url.toString();
  })();
  const admin = new DataSource({ type: 'postgres', url: testEnv.databaseUrl });
  const options = (url: string, migrationsMode: DatabaseOptions['migrationsMode'], migrations: DatabaseOptions['migrations']): DatabaseOptions => ({ url, schema, entities: [], migrations, migrationsMode });
  const applied = async (): Promise<string[]> => ((await admin.query(`SELECT name FROM "${schema}".migrations ORDER BY id`)) as { name: string }[]).map((row) => row.name);

  beforeAll(async () => {
    await admin.initialize();
    // The owner (the migration job's role) migrates to the first migration.
    const owner = await openDataSource(options(testEnv.databaseUrl, 'run', [CreateWidgets1700000000000]));
    await owner.destroy();
    await admin.query(`CREATE ROLE ${role} LOGIN`);
    await admin.query(`GRANT USAGE ON SCHEMA "${schema}" TO ${role}`);
    await admin.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "${schema}" TO ${role}`);
  });

  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.query(`DROP OWNED BY ${role}`);
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.destroy();
  });

  it('the role really has no DDL rights', async () => {
    const rights = (await admin.query(`SELECT has_database_privilege($1, current_database(), 'CREATE') AS db, has_schema_privilege($1, $2, 'CREATE') AS schema`, [role, schema])) as { db: boolean; schema: boolean }[];
    expect(rights).toEqual([{ db: false, schema: false }]);
  });

  it('verify: boots a Nest module on the migrated schema, and the role reads and writes', async () => {
    @Module({ imports: [DatabaseModule.forRoot(options(roleUrl, 'verify', [CreateWidgets1700000000000]))] })
    class ServiceModule {}
    const app = await NestFactory.createApplicationContext(ServiceModule, { logger: false });
    try {
      const dataSource = app.get(DataSource);
      await dataSource.query(`INSERT INTO widgets (id, name) VALUES (1, 'one')`);
      expect(await dataSource.query('SELECT id, name FROM widgets')).toEqual([{ id: 1, name: 'one' }]);
      expect(await applied()).toEqual(['CreateWidgets1700000000000']);
    } finally {
      await app.close();
    }
  });

  it('verify: refuses to boot with a pending migration, naming it, and applies nothing', async () => {
    const boot = openDataSource(options(roleUrl, 'verify', [CreateWidgets1700000000000, AddWidgetColour1700000000001]));
    await expect(boot).rejects.toBeInstanceOf(PendingMigrationsException);
    await expect(boot).rejects.toThrow(`DATABASE_MIGRATIONS=verify: schema "${schema}" lacks 1 migration(s): AddWidgetColour1700000000001. Run the migration job`);
    expect(await applied()).toEqual(['CreateWidgets1700000000000']);
  });

  it('verify: names every migration when the schema was never migrated (and creates nothing)', async () => {
    const missing = uniqueName('nomig').replace(/-/g, '_').toLowerCase();
    const boot = openDataSource({ url: roleUrl, schema: missing, entities: [], migrations: [CreateWidgets1700000000000, AddWidgetColour1700000000001], migrationsMode: 'verify' });
    await expect(boot).rejects.toThrow(/lacks 2 migration\(s\): CreateWidgets1700000000000, AddWidgetColour1700000000001\. No ".*"\.migrations table is visible/);
    expect(await admin.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [missing])).toEqual([]);
  });

  it('run: the same role cannot boot, which is why the chart uses verify', async () => {
    await expect(openDataSource(options(roleUrl, 'run', [CreateWidgets1700000000000, AddWidgetColour1700000000001]))).rejects.toThrow(/permission denied for database/);
    expect(await applied()).toEqual(['CreateWidgets1700000000000']);
  });

  it('run: the owner applies the pending migration, after which verify boots the role again', async () => {
    const both = [CreateWidgets1700000000000, AddWidgetColour1700000000001];
    await (await openDataSource(options(testEnv.databaseUrl, 'run', both))).destroy();
    expect(await applied()).toEqual(['CreateWidgets1700000000000', 'AddWidgetColour1700000000001']);
    const dataSource = await openDataSource(options(roleUrl, 'verify', both));
    try {
      await dataSource.query(`UPDATE widgets SET colour = 'red' WHERE id = 1`);
      expect(await dataSource.query('SELECT colour FROM widgets WHERE id = 1')).toEqual([{ colour: 'red' }]);
    } finally {
      await dataSource.destroy();
    }
  });
});
