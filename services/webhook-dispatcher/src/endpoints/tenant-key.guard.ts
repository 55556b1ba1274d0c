import { Inject, Injectable } from '@nestjs/common';
import { BearerCredentials } from '@switchback/crypto';
import { BearerGuard, CONFIG, problemType, ProblemException } from '@switchback/runtime';
import type { WebhookDispatcherConfig } from '../config/webhook-dispatcher.config';

export interface TenantRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  tenantId?: string;
}

/** The tenant bearer keys routing's ingress takes (TENANT_API_KEYS): the key decides the tenant. */
@Injectable()
export class TenantKeyGuard extends BearerGuard {
  constructor(@Inject(CONFIG) config: Pick<WebhookDispatcherConfig, 'TENANT_API_KEYS'>) {
    super(new BearerCredentials(config.TENANT_API_KEYS.map(({ tenantId, key }) => ({ holder: tenantId, secret: key }))), 'tenantId');
  }

  protected refusal(): Error {
    return new ProblemException({ type: problemType('unauthorized'), title: 'Unauthorized', status: 401, detail: 'a tenant API key is required (Authorization: Bearer <key>)' });
  }
}
