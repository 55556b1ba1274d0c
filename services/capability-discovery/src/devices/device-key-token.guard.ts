import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { BearerCredentials } from '@switchback/crypto';
import { CONFIG } from '@switchback/runtime';
import type { CapabilityDiscoveryConfig } from '../config/capability-discovery.config';

/** Who called the device-key API: the client and the tenant its token is bound to. */
export interface DeviceKeyCaller {
  readonly client: string;
  readonly tenantId: string;
}

export interface DeviceKeyRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  deviceKeyCaller?: DeviceKeyCaller;
}

/** Bearer tokens from DEVICE_KEY_TOKENS (constant-time match), each bound to a tenant. No tokens = every request refused. */
@Injectable()
export class DeviceKeyTokenGuard implements CanActivate {
  private readonly tokens: BearerCredentials;
  private readonly callers: readonly DeviceKeyCaller[];

  constructor(@Inject(CONFIG) config: Pick<CapabilityDiscoveryConfig, 'DEVICE_KEY_TOKENS'>) {
    this.callers = config.DEVICE_KEY_TOKENS.map(({ client, tenantId }) => ({ client, tenantId }));
    // The holder is the entry's index: one constant-time pass finds the client and its tenant.
    this.tokens = new BearerCredentials(config.DEVICE_KEY_TOKENS.map(({ token }, index) => ({ holder: String(index), secret: token })));
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<DeviceKeyRequest>();
    const index = this.tokens.holderOf(request.headers['authorization']);
    const caller = index === undefined ? undefined : this.callers[Number(index)];
    if (!caller) throw new UnauthorizedException({ type: 'about:blank', title: 'unauthorized', status: 401, detail: 'a valid device-key bearer token is required' });
    request.deviceKeyCaller = caller;
    return true;
  }
}
