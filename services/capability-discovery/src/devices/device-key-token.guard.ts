import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { BearerCredentials } from '@switchback/crypto';
import { CONFIG } from '@switchback/runtime';
import type { CapabilityDiscoveryConfig } from '../config/capability-discovery.config';

interface TokenRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** Bearer tokens from DEVICE_KEY_TOKENS (constant-time match). No tokens = every request refused. */
@Injectable()
export class DeviceKeyTokenGuard implements CanActivate {
  private readonly tokens: BearerCredentials;

  constructor(@Inject(CONFIG) config: Pick<CapabilityDiscoveryConfig, 'DEVICE_KEY_TOKENS'>) {
    this.tokens = new BearerCredentials(config.DEVICE_KEY_TOKENS.map(({ client, token }) => ({ holder: client, secret: token })));
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<TokenRequest>().headers['authorization'];
    if (!this.tokens.holderOf(header)) throw new UnauthorizedException({ type: 'about:blank', title: 'unauthorized', status: 401, detail: 'a valid device-key bearer token is required' });
    return true;
  }
}
