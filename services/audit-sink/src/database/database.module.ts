import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { PostgresCheck } from '@switchback/health';
import { DataSource } from 'typeorm';
import { AuditEventEntity } from '../audit/audit-event.entity';
import { CreateAuditEvents1763800000000 } from './1763800000000-create-audit-events';

/**
 * The audit database: its own schema (so tests and environments can share a server), schema
 * changes by migrations at boot, never `synchronize`.
 */
async function openDataSource(url: string, schema: string): Promise<DataSource> {
  const bootstrap = new DataSource({ type: 'postgres', url });
  await bootstrap.initialize();
  await bootstrap.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await bootstrap.destroy();
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    schema,
    // Unqualified names in migrations resolve to this schema.
    extra: { options: `-c search_path=${schema}` },
    entities: [AuditEventEntity],
    migrations: [CreateAuditEvents1763800000000],
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

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(url: string, schema: string): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DataSource, useFactory: () => openDataSource(url, schema) },
        { provide: PostgresCheck, inject: [DataSource], useFactory: (dataSource: DataSource) => new PostgresCheck(dataSource) },
        DataSourceLifecycle,
      ],
      exports: [DataSource, PostgresCheck],
    };
  }
}
