import { Module, type DynamicModule } from '@nestjs/common';
import { PostgresCheck } from '@switchback/health';
import { DatabaseModule } from '@switchback/persistence';
import { PlatformModule } from '@switchback/runtime';
import type { RoutingConfig } from './config/routing.config';
import { routingEntities, routingMigrations } from './database/routing-database';
import { IngressModule } from './ingress/ingress.module';
import { RoutingModule } from './routing/routing.module';
import { SecureLinkModule } from './secure-link/secure-link.module';

@Module({})
export class AppModule {
  static forRoot(config: RoutingConfig): DynamicModule {
    const database = DatabaseModule.forRoot({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, entities: routingEntities, migrations: routingMigrations });
    return { module: AppModule, imports: [PlatformModule.forRoot({ config, checks: [PostgresCheck] }), database, RoutingModule, IngressModule, SecureLinkModule] };
  }
}
