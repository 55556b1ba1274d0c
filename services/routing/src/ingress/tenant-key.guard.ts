import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { BearerCredentials } from '@switchback/crypto';
import { CONFIG, problemType, ProblemException } from '@switchback/runtime';
import { arrivedOnAdminListener } from '../admin/admin-listener';
import type { RoutingConfig } from '../config/routing.config';
import { tenantUnauthorized } from './ingress-problems';

export interface TenantRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  tenantId?: string;
}

/** Bearer API keys from TENANT_API_KEYS; the key decides the tenant (constant-time match). */
@Injectable()
export class TenantKeyGuard implements CanActivate {
  private readonly keys: BearerCredentials;

  constructor(@Inject(CONFIG) config: Pick<RoutingConfig, 'TENANT_API_KEYS'>) {
    this.keys = new BearerCredentials(config.TENANT_API_KEYS.map(({ tenantId, key }) => ({ holder: tenantId, secret: key })));
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<TenantRequest>();
    // The admin port serves the admin API only: the tenant API lives on the public port.
    if (arrivedOnAdminListener(request)) throw new ProblemException({ type: problemType('not-found'), title: 'Not Found', status: 404 });
    const tenantId = this.tenantOf(request.headers['authorization']);
    if (!tenantId) throw tenantUnauthorized();
    request.tenantId = tenantId;
    return true;
  }

  tenantOf(header: string | string[] | undefined): string | undefined {
    return this.keys.holderOf(header);
  }
}
