import { FingerprintModule } from '../fingerprint/fingerprint.module';
import { Module } from '@nestjs/common';
import { CLOCK, systemClock } from '@switchback/runtime';
import { HoldModule } from '../hold/hold.module';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { MessagesModule } from '../messages/messages.module';
import { RoutingMetricsModule } from '../metrics/routing-metrics.module';
import { EvaluationModule } from './evaluation.module';
import { RouteSendService } from './route-send.service';
import { CapabilityModule } from '../capability/capability.module';
import { SendRequestedConsumer } from './send-requested.consumer';

@Module({ imports: [FingerprintModule, EvaluationModule, LifecycleModule, MessagesModule, HoldModule, RoutingMetricsModule, CapabilityModule], providers: [SendRequestedConsumer, RouteSendService, { provide: CLOCK, useValue: systemClock }], exports: [RouteSendService] })
export class RoutingModule {}
