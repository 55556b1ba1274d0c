import { Module } from '@nestjs/common';
import { CLOCK, systemClock } from '../clock';
import { HoldModule } from '../hold/hold.module';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { MessagesModule } from '../messages/messages.module';
import { RoutingMetricsModule } from '../metrics/routing-metrics.module';
import { EvaluationModule } from './evaluation.module';
import { RouteSendService } from './route-send.service';
import { SendResolvedConsumer } from './send-resolved.consumer';

@Module({ imports: [EvaluationModule, LifecycleModule, MessagesModule, HoldModule, RoutingMetricsModule], providers: [SendResolvedConsumer, RouteSendService, { provide: CLOCK, useValue: systemClock }], exports: [RouteSendService] })
export class RoutingModule {}
