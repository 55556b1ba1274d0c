import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { BearerCredentials } from '@switchback/crypto';
import { BearerGuard, CONFIG } from '@switchback/runtime';
import type { CapabilityDiscoveryConfig } from '../config/capability-discovery.config';

/**
 * Service credentials of the capability API (CAPABILITY_API_KEYS, constant-time match): a lookup
 * costs hub calls and answers whether a number exists, so only known callers (routing) may ask.
 * No keys configured = every lookup refused.
 */
@Injectable()
export class CapabilityApiKeyGuard extends BearerGuard {
  constructor(@Inject(CONFIG) config: Pick<CapabilityDiscoveryConfig, 'CAPABILITY_API_KEYS'>) {
    super(new BearerCredentials(config.CAPABILITY_API_KEYS.map(({ caller, token }) => ({ holder: caller, secret: token }))), 'caller');
  }

  protected refusal(): Error {
    return new UnauthorizedException({ type: 'about:blank', title: 'unauthorized', status: 401, detail: 'a valid capability API bearer token is required' });
  }
}
