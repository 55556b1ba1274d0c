import { Module, type DynamicModule } from '@nestjs/common';
import { RedisCheck } from '@switchback/health';
import { PlatformModule, RedisModule } from '@switchback/runtime';
import { CapabilityModule } from './capability/capability.module';
import type { CapabilityDiscoveryConfig } from './config/capability-discovery.config';

@Module({})
export class AppModule {
  static forRoot(config: CapabilityDiscoveryConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot({ config, checks: [RedisCheck] }), RedisModule.forRoot(config.REDIS_URL), CapabilityModule],
    };
  }
}
