import { Module, type DynamicModule } from '@nestjs/common';
import { RedisCheck } from '@switchback/health';
import { PlatformModule, RedisModule } from '@switchback/runtime';
import type { RcsGatewayConfig } from './config/rcs-gateway.config';
import { DeliveryModule } from './delivery/delivery.module';

@Module({})
export class AppModule {
  static forRoot(config: RcsGatewayConfig): DynamicModule {
    return { module: AppModule, imports: [PlatformModule.forRoot({ config, checks: [RedisCheck] }), RedisModule.forRoot(config.REDIS_URL), DeliveryModule] };
  }
}
