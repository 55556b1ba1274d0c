import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { PostgresCheck } from '@switchback/health';
import { DataSource, type EntitySchema, type MixedList } from 'typeorm';

export interface DatabaseOptions {
  readonly url: string;
  /** The service's own schema, so tests and environments can share one server. */
  readonly schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type
  readonly entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type
  readonly migrations: MixedList<Function | string>;
}

/**
 * Opens a service's database: creates its schema if missing, then applies its migrations at
 * boot. Never `synchronize`: schema changes are reviewed migrations.
 */
export async function openDataSource(options: DatabaseOptions): Promise<DataSource> {
  const bootstrap = new DataSource({ type: 'postgres', url: options.url });
  await bootstrap.initialize();
  try {
    await bootstrap.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
  } finally {
    await bootstrap.destroy();
  }
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    // Unqualified names in migrations resolve to this schema.
    extra: { options: `-c search_path=${options.schema}` },
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
  });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}

class DataSourceLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}
  async onApplicationShutdown(): Promise<void> {
    await this.dataSource.destroy();
  }
}

/** Provides the TypeORM DataSource and its readiness check to the whole service. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DataSource, useFactory: () => openDataSource(options) },
        { provide: PostgresCheck, inject: [DataSource], useFactory: (dataSource: DataSource) => new PostgresCheck(dataSource) },
        DataSourceLifecycle,
      ],
      exports: [DataSource, PostgresCheck],
    };
  }
}
