import { RoutingMetricsModule } from '../metrics/routing-metrics.module';
import { Module } from '@nestjs/common';
import { CONFIG } from '@switchback/runtime';
import { CohortAssigner } from '../cohort/cohort-assigner';
import type { RoutingConfig } from '../config/routing.config';
import { AdminTokenGuard } from '../policy/admin-token.guard';
import { PolicyModule } from '../policy/policy.module';
import { HeldMessageRepository } from './held-message.repository';
import { HoldCipher } from './hold-cipher';
import { HoldExpirySweeper } from './hold-expiry.sweeper';
import { HoldOverrideController } from './hold-override.controller';
import { HoldOverrideService } from './hold-override.service';
import { HoldStore } from './hold.store';

const holdCipherProvider = {
  provide: HoldCipher,
  inject: [CONFIG],
  useFactory: (config: Pick<RoutingConfig, 'HOLD_ENCRYPTION_KEY' | 'HOLD_ENCRYPTION_KEY_ID' | 'HOLD_PREVIOUS_KEYS'>) =>
    new HoldCipher({ id: config.HOLD_ENCRYPTION_KEY_ID, key: config.HOLD_ENCRYPTION_KEY }, config.HOLD_PREVIOUS_KEYS),
};

/** Blocked sends held encrypted: the store, the admin override and the expiry sweeper. Needs DataSource. */
@Module({
  imports: [PolicyModule, RoutingMetricsModule],
  controllers: [HoldOverrideController],
  providers: [HeldMessageRepository, HoldStore, HoldOverrideService, HoldExpirySweeper, CohortAssigner, AdminTokenGuard, holdCipherProvider],
  exports: [HoldStore, HoldCipher],
})
export class HoldModule {}
