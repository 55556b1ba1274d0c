import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { BearerCredentials } from '@switchback/crypto';
import { CONFIG } from '@switchback/runtime';
import type { CapabilityDiscoveryConfig } from '../config/capability-discovery.config';

interface CallerRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  caller?: string;
}

/**
 * Service credentials of the capability API (CAPABILITY_API_KEYS, constant-time match): a lookup
 * costs hub calls and answers whether a number exists, so only known callers (routing) may ask.
 * No keys configured = every lookup refused.
 */
@Injectable()
export class CapabilityApiKeyGuard implements CanActivate {
  private readonly keys: BearerCredentials;

  constructor(@Inject(CONFIG) config: Pick<CapabilityDiscoveryConfig, 'CAPABILITY_API_KEYS'>) {
    this.keys = new BearerCredentials(config.CAPABILITY_API_KEYS.map(({ caller, token }) => ({ holder: caller, secret: token })));
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<CallerRequest>();
    const caller = this.keys.holderOf(request.headers['authorization']);
    if (!caller) throw new UnauthorizedException({ type: 'about:blank', title: 'unauthorized', status: 401, detail: 'a valid capability API bearer token is required' });
    request.caller = caller;
    return true;
  }
}
