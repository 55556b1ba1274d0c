import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { PostgresCheck } from '@switchback/health';
import { DataSource } from 'typeorm';
import { openDataSource, type DatabaseOptions } from './open-data-source';

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
