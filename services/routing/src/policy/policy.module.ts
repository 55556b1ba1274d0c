import { Module } from '@nestjs/common';
import { CLOCK, systemClock } from '@switchback/runtime';
import { AdminTokenGuard } from './admin-token.guard';
import { PolicyAdminController } from './policy-admin.controller';
import { PolicyStore } from './policy.store';
import { TenantPolicyRepository } from './tenant-policy.repository';

/** Tenant policies: the versioned store, its cache and the admin API. Needs DataSource. */
@Module({
  controllers: [PolicyAdminController],
  providers: [TenantPolicyRepository, PolicyStore, AdminTokenGuard, { provide: CLOCK, useValue: systemClock }],
  exports: [PolicyStore, CLOCK],
})
export class PolicyModule {}
