import { Module } from '@nestjs/common';
import { HoldModule } from '../hold/hold.module';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox-relay';

/** Routing's transactional outbox and its relay. Needs DataSource, EventPublisher, CONFIG. */
@Module({
  imports: [HoldModule],
  providers: [Outbox, OutboxRelay],
  exports: [Outbox],
})
export class OutboxModule {}
