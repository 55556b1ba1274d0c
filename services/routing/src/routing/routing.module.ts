import { Module } from '@nestjs/common';
import { SendResolvedConsumer } from './send-resolved.consumer';

@Module({ providers: [SendResolvedConsumer] })
export class RoutingModule {}
