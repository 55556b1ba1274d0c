import { Module } from '@nestjs/common';
import { CapabilityPinning } from '../pinning/capability-pinning';
import { PinStore } from '../pinning/pin-store';
import { TypeOrmPinStore } from '../pinning/typeorm-pin-store';
import { CapabilityCache } from './capability-cache';
import { CapabilityController } from './capability.controller';
import { CapabilityService } from './capability.service';
import { CLOCK, systemClock } from './clock';
import { RbmHubClient } from './rbm-hub.client';
import { SendRequestedConsumer } from './send-requested.consumer';

@Module({
  controllers: [CapabilityController],
  providers: [
    { provide: CLOCK, useValue: systemClock },
    { provide: PinStore, useClass: TypeOrmPinStore },
    CapabilityCache,
    CapabilityPinning,
    CapabilityService,
    RbmHubClient,
    SendRequestedConsumer,
  ],
  exports: [CapabilityService],
})
export class CapabilityModule {}
