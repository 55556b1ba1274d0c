import { FingerprintModule } from '../fingerprint/fingerprint.module';
import { Module } from '@nestjs/common';
import { HoldModule } from '../hold/hold.module';
import { MessagesModule } from '../messages/messages.module';
import { OutboxModule } from '../outbox/outbox.module';
import { RoutingMetricsModule } from '../metrics/routing-metrics.module';
import { PolicyModule } from '../policy/policy.module';
import { EvaluationModule } from '../routing/evaluation.module';
import { DeliveryOutcomeConsumer } from './delivery-outcome.consumer';
import { FailoverService } from './failover.service';
import { LifecycleRetention } from './lifecycle-retention';
import { LifecycleRepository } from './lifecycle.repository';
import { LifecycleService } from './lifecycle.service';
import { LifecycleSweeper } from './lifecycle.sweeper';
import { SendSealer } from './send-sealer';
import { TerminalAnnouncer } from './terminal-announcer';

/** The delivery lifecycle: outcomes, failovers, delivery deadlines, one terminal per message. Needs DataSource. */
@Module({
  imports: [FingerprintModule, PolicyModule, MessagesModule, HoldModule, EvaluationModule, RoutingMetricsModule, OutboxModule],
  providers: [LifecycleRepository, LifecycleRetention, LifecycleService, FailoverService, SendSealer, TerminalAnnouncer, LifecycleSweeper, DeliveryOutcomeConsumer],
  exports: [LifecycleService, LifecycleRetention],
})
export class LifecycleModule {}
