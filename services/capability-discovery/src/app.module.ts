import { Module, type DynamicModule } from '@nestjs/common';
import { PostgresCheck, RedisCheck } from '@switchback/health';
import { DatabaseModule } from '@switchback/persistence';
import { PlatformModule, REDIS, RedisModule } from '@switchback/runtime';
import type Redis from 'ioredis';
import { CapabilityModule } from './capability/capability.module';
import type { CapabilityDiscoveryConfig } from './config/capability-discovery.config';
import { CreateCapabilityPins1763900000000 } from './database/1763900000000-create-capability-pins';
import { CreateDeviceKeys1764000000000 } from './database/1764000000000-create-device-keys';
import { CapabilityHistoryRetention1764500000000 } from './database/1764500000000-capability-history-retention';
import { CreateDeviceKeyOwners1766000000000 } from './database/1766000000000-create-device-key-owners';
import { DeviceKeyEntity } from './devices/device-key.entity';
import { CapabilityLevelChangeEntity } from './pinning/capability-level-change.entity';
import { CapabilityPinEntity } from './pinning/capability-pin.entity';

export const capabilityEntities = [CapabilityPinEntity, CapabilityLevelChangeEntity, DeviceKeyEntity];
/** The cache is optional here: without Redis every lookup asks the hub (degraded, not down). */
export const CACHE_CHECK = Symbol('CACHE_CHECK');

export const capabilityMigrations = [CreateCapabilityPins1763900000000, CreateDeviceKeys1764000000000, CapabilityHistoryRetention1764500000000, CreateDeviceKeyOwners1766000000000];

@Module({})
export class AppModule {
  static forRoot(config: CapabilityDiscoveryConfig): DynamicModule {
    const database = DatabaseModule.forRoot({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, entities: capabilityEntities, migrations: capabilityMigrations, migrationsMode: config.DATABASE_MIGRATIONS, poolSize: config.DATABASE_POOL_SIZE });
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot({ config, checks: [CACHE_CHECK, PostgresCheck] }), RedisModule.forRoot(config.REDIS_URL), database, CapabilityModule],
      providers: [{ provide: CACHE_CHECK, inject: [REDIS], useFactory: (redis: Redis) => new RedisCheck(redis, true) }],
    };
  }
}
