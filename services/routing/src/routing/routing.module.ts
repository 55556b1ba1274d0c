import { RoutingMetricsModule } from '../metrics/routing-metrics.module';
import { Module } from '@nestjs/common';
import { CohortAssigner } from '../cohort/cohort-assigner';
import { MessagesModule } from '../messages/messages.module';
import { HoldModule } from '../hold/hold.module';
import { PolicyModule } from '../policy/policy.module';
import { classifierProvider } from './classifier.port';
import { RouteSendService } from './route-send.service';
import { SendResolvedConsumer } from './send-resolved.consumer';

@Module({ imports: [PolicyModule, MessagesModule, HoldModule, RoutingMetricsModule], providers: [SendResolvedConsumer, RouteSendService, CohortAssigner, classifierProvider], exports: [RouteSendService] })
export class RoutingModule {}
