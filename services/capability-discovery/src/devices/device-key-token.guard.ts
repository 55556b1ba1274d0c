import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { CONFIG } from '@switchback/runtime';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { CapabilityDiscoveryConfig } from '../config/capability-discovery.config';

interface TokenRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Bearer tokens from DEVICE_KEY_TOKENS, compared as SHA-256 digests with timingSafeEqual (equal
 * lengths) against every configured token, so timing says nothing about which one matched. No
 * tokens configured = every request refused.
 */
@Injectable()
export class DeviceKeyTokenGuard implements CanActivate {
  private readonly digests: readonly Buffer[];

  constructor(@Inject(CONFIG) config: Pick<CapabilityDiscoveryConfig, 'DEVICE_KEY_TOKENS'>) {
    this.digests = config.DEVICE_KEY_TOKENS.map(({ token }) => digest(token));
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<TokenRequest>().headers['authorization'];
    const presentedToken = typeof header === 'string' ? /^Bearer ([^\s]+)$/i.exec(header.trim())?.[1] : undefined;
    let matched = false;
    if (presentedToken !== undefined) {
      const presented = digest(presentedToken);
      for (const expected of this.digests) matched = timingSafeEqual(presented, expected) || matched;
    }
    if (!matched) throw new UnauthorizedException({ type: 'about:blank', title: 'unauthorized', status: 401, detail: 'a valid device-key bearer token is required' });
    return true;
  }
}
