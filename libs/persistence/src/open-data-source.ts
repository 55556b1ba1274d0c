import { DataSource, MigrationExecutor, type EntitySchema, type MixedList } from 'typeorm';
import { PendingMigrationsException } from './pending-migrations.exception';

/**
 * `run` creates the schema and applies pending migrations (needs CREATE); `verify` only checks
 * that none is pending, for roles without DDL rights (the Helm hook job migrated as the owner).
 */
export type MigrationsMode = 'run' | 'verify';

export interface DatabaseOptions {
  readonly url: string;
  /** The service's own schema, so tests and environments can share one server. */
  readonly schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type
  readonly entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type
  readonly migrations: MixedList<Function | string>;
  /** DATABASE_MIGRATIONS; `run` when not given. */
  readonly migrationsMode?: MigrationsMode;
  /** DATABASE_POOL_SIZE: connections in the pool (pg's default of 10 when not given). */
  readonly poolSize?: number;
}

/**
 * Opens a service's database and makes sure its schema is at the service's migration level:
 * `run` creates the schema if missing and applies the pending migrations; `verify` issues no
 * DDL and fails if any is pending. Never `synchronize`: schema changes are reviewed migrations.
 */
export async function openDataSource(options: DatabaseOptions): Promise<DataSource> {
  const mode = options.migrationsMode ?? 'run';
  if (mode === 'run') await createSchema(options);
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    // Unqualified names in migrations resolve to this schema.
    // A pool that stays exhausted fails the caller after 30 s (a retry) instead of hanging it for good.
    extra: { options: `-c search_path=${options.schema}`, connectionTimeoutMillis: 30_000, max: options.poolSize ?? 10 },
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
  });
  await dataSource.initialize();
  try {
    if (mode === 'run') await dataSource.runMigrations({ transaction: 'each' });
    else await verifyMigrations(dataSource, options.schema);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

async function createSchema(options: DatabaseOptions): Promise<void> {
  const bootstrap = new DataSource({ type: 'postgres', url: options.url });
  await bootstrap.initialize();
  try {
    await bootstrap.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
  } finally {
    await bootstrap.destroy();
  }
}

/**
 * Read-only: TypeORM's executor reads `<schema>.migrations` (an absent table means nothing ran)
 * and creates nothing. Migrations applied but unknown here (a newer release's) are fine: the
 * chart's migrations are backward compatible for one release.
 */
export async function pendingMigrations(dataSource: DataSource): Promise<{ pending: string[]; applied: number }> {
  const executor = new MigrationExecutor(dataSource);
  const applied = (await executor.getExecutedMigrations()).length;
  return { pending: (await executor.getPendingMigrations()).map((migration) => migration.name), applied };
}

async function verifyMigrations(dataSource: DataSource, schema: string): Promise<void> {
  const { pending, applied } = await pendingMigrations(dataSource);
  if (pending.length) throw new PendingMigrationsException(schema, pending, applied === 0);
}
