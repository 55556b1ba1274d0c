import { Module, type DynamicModule } from '@nestjs/common';
import { RedisCheck } from '@switchback/health';
import { PlatformModule, RedisModule } from '@switchback/runtime';
import type { SmppGatewayConfig } from './config/smpp-gateway.config';
import { DeliveryModule } from './delivery/delivery.module';
import { SmppCheck } from './smpp/smpp.check';

@Module({})
export class AppModule {
  static forRoot(config: SmppGatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot({ config, checks: [RedisCheck, SmppCheck] }), RedisModule.forRoot(config.REDIS_URL), DeliveryModule],
    };
  }
}
