import type { ExecutionContext } from '@nestjs/common';
import { UnauthorizedException } from '@nestjs/common';
import { capabilityDiscoveryConfigSchema } from '../config/capability-discovery.config';
import { DeviceKeyTokenGuard } from './device-key-token.guard';

const base = { IDENTIFIER_HASH_KEY: 'unit-test-key-0123456789', RBM_AUTH: 'none', HUB_BASE_URL: 'http://hub.invalid' };
const context = (authorization?: string): ExecutionContext => ({ switchToHttp: () => ({ getRequest: () => ({ headers: { authorization } }) }) }) as unknown as ExecutionContext;

describe('DEVICE_KEY_TOKENS and DeviceKeyTokenGuard', () => {
  it('defaults to no tokens: every request is refused', () => {
    const config = capabilityDiscoveryConfigSchema.parse(base);
    expect(config.DEVICE_KEY_TOKENS).toEqual([]);
    expect(() => new DeviceKeyTokenGuard(config).canActivate(context('Bearer anything-at-all-long'))).toThrow(UnauthorizedException);
  });

  it('rejects tokens shorter than 16 characters without echoing them', () => {
    const result = capabilityDiscoveryConfigSchema.safeParse({ ...base, DEVICE_KEY_TOKENS: 'app:short-secret' });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).not.toContain('short-secret');
  });

  it('accepts any configured token and refuses a wrong or missing one', () => {
    const config = capabilityDiscoveryConfigSchema.parse({ ...base, DEVICE_KEY_TOKENS: 'app:0123456789abcdef, web:fedcba9876543210' });
    const guard = new DeviceKeyTokenGuard(config);
    expect(guard.canActivate(context('Bearer fedcba9876543210'))).toBe(true);
    expect(guard.canActivate(context('bearer 0123456789abcdef'))).toBe(true);
    expect(() => guard.canActivate(context('Bearer 0123456789abcdeX'))).toThrow(UnauthorizedException);
    expect(() => guard.canActivate(context())).toThrow(UnauthorizedException);
    expect(() => guard.canActivate(context('0123456789abcdef'))).toThrow(UnauthorizedException);
  });
});
