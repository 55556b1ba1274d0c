import { Module } from '@nestjs/common';
import { CapabilityCache } from './capability-cache';
import { CapabilityController } from './capability.controller';
import { CapabilityService } from './capability.service';
import { RbmHubClient } from './rbm-hub.client';
import { SendRequestedConsumer } from './send-requested.consumer';

@Module({
  controllers: [CapabilityController],
  providers: [CapabilityCache, CapabilityService, RbmHubClient, SendRequestedConsumer],
})
export class CapabilityModule {}
