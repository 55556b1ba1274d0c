import { Module, type DynamicModule } from '@nestjs/common';
import { PostgresCheck } from '@switchback/health';
import { DatabaseModule } from '@switchback/persistence';
import { PlatformModule } from '@switchback/runtime';
import type { WebhookDispatcherConfig } from './config/webhook-dispatcher.config';
import { webhookMigrations } from './database/webhook-database';
import { WebhooksModule } from './webhooks/webhooks.module';

/**
 * Signed status callbacks (Standard Webhooks) to tenants' endpoints, from the metadata topics.
 * Its own service: a slow or dead customer endpoint holds this consumer group only, never
 * routing's, and it scales with the callback load, not the send load.
 */
@Module({})
export class AppModule {
  static forRoot(config: WebhookDispatcherConfig): DynamicModule {
    const database = DatabaseModule.forRoot({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, entities: [], migrations: webhookMigrations, migrationsMode: config.DATABASE_MIGRATIONS, poolSize: config.DATABASE_POOL_SIZE });
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot({ config, checks: [PostgresCheck] }), database, WebhooksModule.register()],
    };
  }
}
