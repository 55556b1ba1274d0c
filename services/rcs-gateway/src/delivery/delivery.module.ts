import { Module } from '@nestjs/common';
import { AgentThrottle } from '../limits/agent-throttle';
import { CLOCK, systemClock } from '../limits/clock';
import { RcsMetrics } from '../metrics/rcs-metrics';
import { RbmAgentClient } from '../rbm/rbm-agent.client';
import { DispatchRcsConsumer } from './dispatch-rcs.consumer';
import { LegStore } from './leg-store';
import { OutcomePublisher } from './outcome.publisher';
import { RbmEventService } from './rbm-event.service';
import { RbmWebhookController } from './rbm-webhook.controller';
import { RcsRevokeService } from './rcs-revoke.service';
import { RcsSendService } from './rcs-send.service';

@Module({
  controllers: [RbmWebhookController],
  providers: [
    { provide: CLOCK, useValue: systemClock },
    RcsMetrics,
    AgentThrottle,
    RbmAgentClient,
    LegStore,
    OutcomePublisher,
    RcsSendService,
    RcsRevokeService,
    DispatchRcsConsumer,
    RbmEventService,
  ],
  exports: [RcsRevokeService],
})
export class DeliveryModule {}
