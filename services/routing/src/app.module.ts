import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@switchback/runtime';
import type { RoutingConfig } from './config/routing.config';
import { RoutingModule } from './routing/routing.module';

@Module({})
export class AppModule {
  static forRoot(config: RoutingConfig): DynamicModule {
    return { module: AppModule, imports: [PlatformModule.forRoot({ config }), RoutingModule] };
  }
}
