import { Module } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { MessagesModule } from '../messages/messages.module';
import { PolicyModule } from '../policy/policy.module';
import { CapabilityModule } from '../capability/capability.module';
import { RoutingModule } from '../routing/routing.module';
import { RelayCodes } from '../secure-link/relay-code';
import { DryRunService } from './dry-run.service';
import { IdempotencyBodyHasher } from './idempotency-body-hasher';
import { IdempotencyRepository } from './idempotency.repository';
import { IngressMaintenanceSweeper } from './ingress-maintenance.sweeper';
import { IngressRetention } from './ingress-retention';
import { IDEMPOTENCY_STORE, MESSAGE_IDS } from './idempotency.store';
import { MessagesController } from './messages.controller';
import { SubmitMessageService } from './submit-message.service';
import { TenantKeyGuard } from './tenant-key.guard';

/** HTTP ingress for producers (tenant API keys). Needs DataSource, EventPublisher, CONFIG. */
@Module({
  imports: [PolicyModule, RoutingModule, MessagesModule, LifecycleModule, CapabilityModule],
  controllers: [MessagesController],
  providers: [
    TenantKeyGuard,
    SubmitMessageService,
    IdempotencyBodyHasher,
    RelayCodes,
    DryRunService,
    IngressRetention,
    IngressMaintenanceSweeper,
    { provide: IDEMPOTENCY_STORE, useClass: IdempotencyRepository },
    { provide: MESSAGE_IDS, useValue: { next: () => randomUUID() } },
  ],
})
export class IngressModule {}
