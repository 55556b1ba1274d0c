import { Module, type DynamicModule } from '@nestjs/common';
import { PostgresCheck } from '@switchback/health';
import { DatabaseModule } from '@switchback/persistence';
import { PlatformModule } from '@switchback/runtime';
import { AuditModule } from './audit/audit.module';
import type { AuditSinkConfig } from './config/audit-sink.config';
import { auditMigrations } from './database/audit-migrations';

@Module({})
export class AppModule {
  static forRoot(config: AuditSinkConfig): DynamicModule {
    const database = DatabaseModule.forRoot({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, entities: [], migrations: auditMigrations, migrationsMode: config.DATABASE_MIGRATIONS, poolSize: config.DATABASE_POOL_SIZE });
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot({ config, checks: [PostgresCheck] }), database, AuditModule.register()],
    };
  }
}
