import type { ExecutionContext } from '@nestjs/common';
import { UnauthorizedException } from '@nestjs/common';
import { capabilityDiscoveryConfigSchema } from '../config/capability-discovery.config';
import { DeviceKeyTokenGuard, type DeviceKeyRequest } from './device-key-token.guard';

const tokens = capabilityDiscoveryConfigSchema.shape.DEVICE_KEY_TOKENS;
const requestWith = (authorization?: string): DeviceKeyRequest => ({ headers: { authorization } });
const context = (request: DeviceKeyRequest): ExecutionContext => ({ switchToHttp: () => ({ getRequest: () => request }) }) as unknown as ExecutionContext;

describe('DEVICE_KEY_TOKENS and DeviceKeyTokenGuard', () => {
  it('defaults to no tokens: every request is refused', () => {
    const config = { DEVICE_KEY_TOKENS: tokens.parse(undefined) };
    expect(config.DEVICE_KEY_TOKENS).toEqual([]);
    expect(() => new DeviceKeyTokenGuard(config).canActivate(context(requestWith('Bearer anything-at-all-long')))).toThrow(UnauthorizedException);
  });

  it('rejects short tokens, unscoped entries and global (*) entries without echoing them', () => {
    for (const value of ['app@acme:short-secret', 'app:0123456789abcdef', 'app@*:0123456789abcdef']) {
      const result = tokens.safeParse(value);
      expect(result.success).toBe(false);
      expect(JSON.stringify(result.error?.issues)).not.toMatch(/short-secret|0123456789abcdef/);
    }
  });

  it('records the client and its tenant for a configured token, and refuses a wrong or missing one', () => {
    const guard = new DeviceKeyTokenGuard({ DEVICE_KEY_TOKENS: tokens.parse('app@acme:0123456789abcdef, web@globex:fedcba9876543210') });
    const web = requestWith('Bearer fedcba9876543210');
    expect(guard.canActivate(context(web))).toBe(true);
    expect(web.deviceKeyCaller).toEqual({ client: 'web', tenantId: 'globex' });
    const app = requestWith('bearer 0123456789abcdef');
    expect(guard.canActivate(context(app))).toBe(true);
    expect(app.deviceKeyCaller).toEqual({ client: 'app', tenantId: 'acme' });
    expect(() => guard.canActivate(context(requestWith('Bearer 0123456789abcdeX')))).toThrow(UnauthorizedException);
    expect(() => guard.canActivate(context(requestWith()))).toThrow(UnauthorizedException);
    expect(() => guard.canActivate(context(requestWith('0123456789abcdef')))).toThrow(UnauthorizedException);
  });
});
