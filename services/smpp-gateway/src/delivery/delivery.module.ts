import { Module } from '@nestjs/common';
import { channelBreakersProvider } from '@switchback/circuit';
import { Channel } from '@switchback/contracts';
import { smppConnectors } from '../smpp/smpp-connectors';
import type { SmppGatewayConfig } from '../config/smpp-gateway.config';
import { LegStore } from '../receipts/leg-store';
import { ReceiptListener } from '../receipts/receipt.listener';
import { SmppCheck } from '../smpp/smpp.check';
import { SmppClient } from '../smpp/smpp-client';
import { SmppMetrics } from '../smpp/smpp.metrics';
import { DispatchSmsConsumer } from './dispatch-sms.consumer';
import { LegSubmitter } from './leg-submitter';
import { SmsDispatcher } from './sms-dispatcher';
import { SubmitIntentStore } from './submit-intent.store';

@Module({
  providers: [
    SmppMetrics,
    channelBreakersProvider<SmppGatewayConfig>(Channel.SMS, (config) => smppConnectors(config).map((c) => c.pathId)),
    SmppClient,
    SmppCheck,
    LegStore,
    SubmitIntentStore,
    LegSubmitter,
    SmsDispatcher,
    DispatchSmsConsumer,
    ReceiptListener,
  ],
  exports: [SmppCheck, SmppClient],
})
export class DeliveryModule {}
