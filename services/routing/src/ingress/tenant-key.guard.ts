import { Inject, Injectable } from '@nestjs/common';
import { BearerCredentials } from '@switchback/crypto';
import { BearerGuard, CONFIG, problemType, ProblemException, type BearerRequest } from '@switchback/runtime';
import { arrivedOnAdminListener } from '../admin/admin-listener';
import type { RoutingConfig } from '../config/routing.config';
import { tenantUnauthorized } from './ingress-problems';

export interface TenantRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  tenantId?: string;
}

/** Bearer API keys from TENANT_API_KEYS; the key decides the tenant (constant-time match). */
@Injectable()
export class TenantKeyGuard extends BearerGuard {
  constructor(@Inject(CONFIG) config: Pick<RoutingConfig, 'TENANT_API_KEYS'>) {
    super(new BearerCredentials(config.TENANT_API_KEYS.map(({ tenantId, key }) => ({ holder: tenantId, secret: key }))), 'tenantId');
  }

  /** The tenant whose key this header carries, if any. */
  tenantOf(header: string | string[] | undefined): string | undefined {
    return this.holderOf(header);
  }

  // The admin port serves the admin API only: the tenant API lives on the public port.
  protected override admit(request: BearerRequest): void {
    if (arrivedOnAdminListener(request)) throw new ProblemException({ type: problemType('not-found'), title: 'Not Found', status: 404 });
  }

  protected refusal(): Error {
    return tenantUnauthorized();
  }
}
