import { Body, Controller, Get, Param, Put, Req, UseFilters, UseGuards } from '@nestjs/common';
import type { z } from 'zod';
import { GetPolicyApi, PolicyAdminApi, PutPolicyApi } from './admin.openapi';
import { AdminTokenGuard, unauthorized, type AdminRequest } from './admin-token.guard';
import { PolicyStore } from './policy.store';
import { problemType, ProblemException, ProblemFilter } from '@switchback/runtime';
import { tenantPolicySchema, type VersionedPolicy } from './tenant-policy';

const TENANT_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Names every bad field; an unknown key is named as the field it would have been. */
function fieldErrors(issues: readonly z.core.$ZodIssue[]): { field: string; message: string }[] {
  return issues.flatMap((issue) => {
    const at = issue.path.map(String).join('.');
    // A key shaped like a field name is named (a typo is easy to fix); any other text is not echoed.
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ field: [at, /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(key) ? key : '(unknown key)'].filter(Boolean).join('.'), message: 'unknown field' }));
    return [{ field: at || '(body)', message: issue.message }];
  });
}

/** Admin API of tenant policies: read the latest, or write a new version. */
@Controller('v1/admin/tenants/:tenant/policy')
@UseGuards(AdminTokenGuard)
@UseFilters(ProblemFilter)
@PolicyAdminApi()
export class PolicyAdminController {
  constructor(private readonly policies: PolicyStore) {}

  @Get()
  @GetPolicyApi()
  get(@Param('tenant') tenant: string): Promise<VersionedPolicy> {
    return this.policies.latest(checkedTenant(tenant));
  }

  @Put()
  @PutPolicyApi()
  put(@Param('tenant') tenant: string, @Body() body: unknown, @Req() request: AdminRequest): Promise<VersionedPolicy> {
    const tenantId = checkedTenant(tenant);
    const parsed = tenantPolicySchema.safeParse(body);
    if (!parsed.success) {
      throw new ProblemException({ type: problemType('invalid-policy'), title: 'Invalid policy', status: 400, detail: 'the policy body does not match the schema', errors: fieldErrors(parsed.error.issues) });
    }
    // The guard sets the actor; a request without one never writes (fail closed).
    if (!request.actor) throw unauthorized();
    return this.policies.save(tenantId, parsed.data, request.actor);
  }
}

function checkedTenant(tenant: string): string {
  if (!TENANT_ID.test(tenant)) {
    throw new ProblemException({ type: problemType('invalid-tenant'), title: 'Invalid tenant id', status: 400, errors: [{ field: 'tenant', message: 'letters, digits, . _ - (1 to 64)' }] });
  }
  return tenant;
}
