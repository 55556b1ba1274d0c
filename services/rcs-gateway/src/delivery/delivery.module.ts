import { Module } from '@nestjs/common';
import { channelBreakersProvider } from '@switchback/circuit';
import { Channel } from '@switchback/contracts';
import { rbmAuthorizerProvider } from '@switchback/rbm-auth';
import { CLOCK, systemClock } from '@switchback/runtime';
import type { RcsGatewayConfig } from '../config/rcs-gateway.config';
import { AgentThrottle } from '../limits/agent-throttle';
import { RcsMetrics } from '../metrics/rcs-metrics';
import { RbmAgentClient } from '../rbm/rbm-agent.client';
import { DispatchRcsConsumer } from './dispatch-rcs.consumer';
import { HubCircuit, rcsHubs } from './hub-circuit';
import { LegStore } from './leg-store';
import { OutcomePublisher } from './outcome.publisher';
import { RbmEventService } from './rbm-event.service';
import { RbmWebhookController } from './rbm-webhook.controller';
import { RcsRevokeService } from './rcs-revoke.service';
import { RcsSendService } from './rcs-send.service';
import { RevokeRcsConsumer } from './revoke-rcs.consumer';

@Module({
  controllers: [RbmWebhookController],
  providers: [
    { provide: CLOCK, useValue: systemClock },
    RcsMetrics,
    channelBreakersProvider<RcsGatewayConfig>(Channel.RCS, (config) => rcsHubs(config).map((hub) => hub.pathId)),
    HubCircuit,
    AgentThrottle,
    rbmAuthorizerProvider,
    RbmAgentClient,
    LegStore,
    OutcomePublisher,
    RcsSendService,
    RcsRevokeService,
    DispatchRcsConsumer,
    RevokeRcsConsumer,
    RbmEventService,
  ],
  exports: [RcsRevokeService],
})
export class DeliveryModule {}
