import { PostgresDataKeyStore } from '@switchback/envelope';
import { openDataSource } from '@switchback/persistence';
import { Client } from 'pg';
import type { MigrateConfig } from './migrate.config';
import { serviceMigrations } from './service-migrations';

export interface MigratedSchema {
  readonly service: string;
  readonly schema: string;
  readonly migrations: number;
}

/**
 * Applies each service's pending migrations in its own schema (created when missing), one
 * schema at a time in a stable order, each migration in its own transaction. Running it again
 * applies nothing: TypeORM records what ran in each schema's `migrations` table.
 */
export async function migrateAll(config: MigrateConfig): Promise<MigratedSchema[]> {
  const done: MigratedSchema[] = [];
  for (const { service, schema, migrations } of await serviceMigrations(config)) {
    const dataSource = await openDataSource({ url: config.DATABASE_URL, schema, entities: [], migrations });
    await dataSource.destroy();
    done.push({ service, schema, migrations: migrations.length });
  }
  return done;
}

/** The bus envelope's data-key table: shared by routing and the gateways, owned by no one service. */
export async function migrateDataKeyStore(config: MigrateConfig): Promise<void> {
  const client = new Client({ connectionString: config.DATABASE_URL });
  await client.connect();
  try {
    await new PostgresDataKeyStore(async (sql, params) => (await client.query(sql, [...params])).rows, config.BUS_ENVELOPE_SCHEMA).migrate();
  } finally {
    await client.end();
  }
}
