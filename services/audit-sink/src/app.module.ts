import { Module, type DynamicModule } from '@nestjs/common';
import { PostgresCheck } from '@switchback/health';
import { DatabaseModule } from '@switchback/persistence';
import { PlatformModule } from '@switchback/runtime';
import { AuditEventEntity } from './audit/audit-event.entity';
import { AuditModule } from './audit/audit.module';
import type { AuditSinkConfig } from './config/audit-sink.config';
import { CreateAuditEvents1763800000000 } from './database/1763800000000-create-audit-events';
import { AddAuditDetail1764400000000 } from './database/1764400000000-add-audit-detail';

@Module({})
export class AppModule {
  static forRoot(config: AuditSinkConfig): DynamicModule {
    const database = DatabaseModule.forRoot({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, entities: [AuditEventEntity], migrations: [CreateAuditEvents1763800000000, AddAuditDetail1764400000000] });
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot({ config, checks: [PostgresCheck] }), database, AuditModule],
    };
  }
}
