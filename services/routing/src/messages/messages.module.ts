import { Module } from '@nestjs/common';
import { DeliveryOutcomeConsumer } from './delivery-outcome.consumer';
import { MessageLedger } from './message-ledger';

/** The message view: decisions and delivery legs, metadata only. Needs DataSource. */
@Module({ providers: [MessageLedger, DeliveryOutcomeConsumer], exports: [MessageLedger] })
export class MessagesModule {}
