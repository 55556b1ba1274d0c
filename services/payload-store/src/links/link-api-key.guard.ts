import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { CONFIG } from '@switchback/runtime';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { PayloadStoreConfig } from '../config/payload-store.config';
import { linkUnauthorized } from './link-problems';

export interface TenantRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  tenantId?: string;
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Bearer API keys from LINK_API_KEYS; the key decides the tenant. Keys are compared as SHA-256
 * digests with timingSafeEqual, every configured key is checked, so timing says nothing about
 * which key, or how much of one, matched.
 */
@Injectable()
export class LinkApiKeyGuard implements CanActivate {
  private readonly keys: readonly { readonly tenantId: string; readonly digest: Buffer }[];

  constructor(@Inject(CONFIG) config: Pick<PayloadStoreConfig, 'LINK_API_KEYS'>) {
    this.keys = config.LINK_API_KEYS.map(({ tenantId, key }) => ({ tenantId, digest: digest(key) }));
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<TenantRequest>();
    const tenantId = this.tenantOf(request.headers['authorization']);
    if (!tenantId) throw linkUnauthorized();
    request.tenantId = tenantId;
    return true;
  }

  tenantOf(header: string | string[] | undefined): string | undefined {
    const presentedKey = typeof header === 'string' ? /^Bearer ([^\s]+)$/i.exec(header.trim())?.[1] : undefined;
    if (presentedKey === undefined) return undefined;
    const presented = digest(presentedKey);
    let tenantId: string | undefined;
    for (const key of this.keys) {
      if (timingSafeEqual(presented, key.digest) && tenantId === undefined) tenantId = key.tenantId;
    }
    return tenantId;
  }
}
