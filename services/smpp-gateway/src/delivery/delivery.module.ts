import { Module } from '@nestjs/common';
import { SmppCheck } from '../smpp/smpp.check';
import { SmppConnection } from '../smpp/smpp-connection';
import { DispatchSmsConsumer } from './dispatch-sms.consumer';
import { MessageMap } from './message-map';
import { ReceiptListener } from './receipt.listener';

@Module({
  providers: [SmppConnection, SmppCheck, MessageMap, DispatchSmsConsumer, ReceiptListener],
  exports: [SmppCheck],
})
export class DeliveryModule {}
