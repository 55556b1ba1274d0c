import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { BearerCredentials } from '@switchback/crypto';
import { CONFIG, problemType, ProblemException } from '@switchback/runtime';
import type { WebhookDispatcherConfig } from '../config/webhook-dispatcher.config';

export interface TenantRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  tenantId?: string;
}

/** The tenant bearer keys routing's ingress takes (TENANT_API_KEYS): the key decides the tenant. */
@Injectable()
export class TenantKeyGuard implements CanActivate {
  private readonly keys: BearerCredentials;

  constructor(@Inject(CONFIG) config: Pick<WebhookDispatcherConfig, 'TENANT_API_KEYS'>) {
    this.keys = new BearerCredentials(config.TENANT_API_KEYS.map(({ tenantId, key }) => ({ holder: tenantId, secret: key })));
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<TenantRequest>();
    const tenantId = this.keys.holderOf(request.headers['authorization']);
    if (!tenantId) throw new ProblemException({ type: problemType('unauthorized'), title: 'Unauthorized', status: 401, detail: 'a tenant API key is required (Authorization: Bearer <key>)' });
    request.tenantId = tenantId;
    return true;
  }
}
