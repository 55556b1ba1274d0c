import { Module } from '@nestjs/common';
import { CohortAssigner } from '../cohort/cohort-assigner';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { RoutingMetricsModule } from '../metrics/routing-metrics.module';
import { AdminTokenGuard } from '../policy/admin-token.guard';
import { PolicyModule } from '../policy/policy.module';
import { HoldExpirySweeper } from './hold-expiry.sweeper';
import { HoldOverrideController } from './hold-override.controller';
import { HoldOverrideService } from './hold-override.service';
import { HoldModule } from './hold.module';

/**
 * How a hold ends: the admin override (which hands the released leg to the lifecycle) and the
 * expiry sweeper (which ends the message). Apart from HoldModule because the lifecycle itself
 * needs the hold cipher: HoldModule ← LifecycleModule ← this, no cycle.
 */
@Module({
  imports: [HoldModule, LifecycleModule, PolicyModule, RoutingMetricsModule],
  controllers: [HoldOverrideController],
  providers: [HoldOverrideService, HoldExpirySweeper, CohortAssigner, AdminTokenGuard],
})
export class HoldReleaseModule {}
