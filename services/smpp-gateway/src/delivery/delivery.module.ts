import { Module } from '@nestjs/common';
import { LegStore } from '../receipts/leg-store';
import { ReceiptListener } from '../receipts/receipt.listener';
import { SmppCheck } from '../smpp/smpp.check';
import { SmppClient } from '../smpp/smpp-client';
import { SmppMetrics } from '../smpp/smpp.metrics';
import { DispatchSmsConsumer } from './dispatch-sms.consumer';
import { SmsDispatcher } from './sms-dispatcher';

@Module({
  providers: [SmppMetrics, SmppClient, SmppCheck, LegStore, SmsDispatcher, DispatchSmsConsumer, ReceiptListener],
  exports: [SmppCheck, SmppClient],
})
export class DeliveryModule {}
