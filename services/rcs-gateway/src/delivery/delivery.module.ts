import { Module } from '@nestjs/common';
import { RbmAgentClient } from '../rbm/rbm-agent.client';
import { DispatchRcsConsumer } from './dispatch-rcs.consumer';
import { LegStore } from './leg-store';
import { RbmEventService } from './rbm-event.service';
import { RbmWebhookController } from './rbm-webhook.controller';

@Module({
  controllers: [RbmWebhookController],
  providers: [RbmAgentClient, DispatchRcsConsumer, LegStore, RbmEventService],
})
export class DeliveryModule {}
