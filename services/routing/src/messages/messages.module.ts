import { RoutingMetricsModule } from '../metrics/routing-metrics.module';
import { Module } from '@nestjs/common';
import { DeliveryOutcomeConsumer } from './delivery-outcome.consumer';
import { MessageLedger } from './message-ledger';

/** The message view: decisions and delivery legs, metadata only. Needs DataSource. */
@Module({ imports: [RoutingMetricsModule], providers: [MessageLedger, DeliveryOutcomeConsumer], exports: [MessageLedger] })
export class MessagesModule {}
