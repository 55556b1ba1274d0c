import { Module, type DynamicModule } from '@nestjs/common';
import { PostgresCheck } from '@switchback/health';
import { PlatformModule } from '@switchback/runtime';
import { AuditModule } from './audit/audit.module';
import type { AuditSinkConfig } from './config/audit-sink.config';
import { DatabaseModule } from './database/database.module';

@Module({})
export class AppModule {
  static forRoot(config: AuditSinkConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot({ config, checks: [PostgresCheck] }), DatabaseModule.forRoot(config.DATABASE_URL, config.DATABASE_SCHEMA), AuditModule],
    };
  }
}
