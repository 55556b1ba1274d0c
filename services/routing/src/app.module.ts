import { Module, type DynamicModule } from '@nestjs/common';
import { PostgresCheck, RedisCheck } from '@switchback/health';
import { DatabaseModule } from '@switchback/persistence';
import { PlatformModule, REDIS, RedisModule } from '@switchback/runtime';
import type Redis from 'ioredis';
import { AdminHttpModule } from './admin/admin-http.module';
import type { RoutingConfig } from './config/routing.config';
import { routingEntities, routingMigrations } from './database/routing-database';
import { EnvelopeModule } from './envelope/envelope.module';
import { HoldReleaseModule } from './hold/hold-release.module';
import { IngressModule } from './ingress/ingress.module';
import { IngressSigningKey } from './producers/ingress-signing-key';
import { ProducersModule } from './producers/producers.module';
import { RoutingModule } from './routing/routing.module';
import { SecureLinkModule } from './secure-link/secure-link.module';

const CIRCUITS_CHECK = Symbol('CIRCUITS_CHECK');

@Module({})
export class AppModule {
  static forRoot(config: RoutingConfig): DynamicModule {
    const database = DatabaseModule.forRoot({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, entities: routingEntities, migrations: routingMigrations, migrationsMode: config.DATABASE_MIGRATIONS, poolSize: config.DATABASE_POOL_SIZE });
    // The HTTP ingress signs the send requests it publishes, as any producer must.
    const ingressKey = new IngressSigningKey();
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ config, checks: [PostgresCheck, CIRCUITS_CHECK], signer: ingressKey.signer() }),
        RedisModule.forRoot(config.REDIS_URL),
        database,
        // The admin API's own listener (ADMIN_HTTP_PORT): the same app, a private port.
        AdminHttpModule,
        ProducersModule.register(ingressKey),
        RoutingModule,
        HoldReleaseModule,
        IngressModule,
        SecureLinkModule,
        EnvelopeModule,
      ],
      // Optional: without Redis routing works on, treating every circuit as closed.
      providers: [{ provide: CIRCUITS_CHECK, inject: [REDIS], useFactory: (redis: Redis) => new RedisCheck(redis, true) }],
    };
  }
}
