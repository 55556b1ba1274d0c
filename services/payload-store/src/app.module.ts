import { Module, type DynamicModule } from '@nestjs/common';
import { PostgresCheck, RedisCheck } from '@switchback/health';
import { DatabaseModule } from '@switchback/persistence';
import { PlatformModule, REDIS, RedisModule } from '@switchback/runtime';
import type Redis from 'ioredis';
import type { PayloadStoreConfig } from './config/payload-store.config';
import { payloadStoreEntities, payloadStoreMigrations } from './database/payload-store-database';
import { LinksModule } from './links/links.module';
import { RecipientPageModule } from './recipient-page/recipient-page.module';

/** Rate limits are optional: without Redis the API answers on (degraded), guessing still bounded. */
export const RATE_LIMIT_CHECK = Symbol('RATE_LIMIT_CHECK');

/**
 * The ciphertext-only store behind secure links: the link API (create, claim, revoke,
 * inspect), its Postgres store and expiry sweeper, lifecycle events on the bus, and the
 * recipient page (/s/:id) that claims and decrypts in the browser.
 */
@Module({})
export class AppModule {
  static forRoot(config: PayloadStoreConfig): DynamicModule {
    const database = DatabaseModule.forRoot({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, entities: payloadStoreEntities, migrations: payloadStoreMigrations, migrationsMode: config.DATABASE_MIGRATIONS, poolSize: config.DATABASE_POOL_SIZE });
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot({ config, checks: [PostgresCheck, RATE_LIMIT_CHECK] }), RedisModule.forRoot(config.REDIS_URL), database, LinksModule, RecipientPageModule],
      providers: [{ provide: RATE_LIMIT_CHECK, inject: [REDIS], useFactory: (redis: Redis) => new RedisCheck(redis, true) }],
    };
  }
}
