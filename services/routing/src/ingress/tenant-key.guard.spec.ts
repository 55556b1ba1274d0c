import type { ExecutionContext } from '@nestjs/common';
import { ProblemException } from '@switchback/runtime';
import { TenantKeyGuard, type TenantRequest } from './tenant-key.guard';

describe('TenantKeyGuard', () => {
  const guard = new TenantKeyGuard({ TENANT_API_KEYS: [{ tenantId: 'acme', key: 'acme-key-0123456789' }, { tenantId: 'globex', key: 'globex-key-0123456789' }] });
  const contextOf = (request: TenantRequest) => ({ switchToHttp: () => ({ getRequest: () => request }) }) as unknown as ExecutionContext;

  it('sets the tenant of the presented key', () => {
    const request: TenantRequest = { headers: { authorization: 'Bearer globex-key-0123456789' } };
    expect(guard.canActivate(contextOf(request))).toBe(true);
    expect(request.tenantId).toBe('globex');
  });

  it.each([undefined, 'acme-key-0123456789', 'Bearer acme-key-012345678', 'Basic acme-key-0123456789'])('answers 401 for %s', (authorization) => {
    const request: TenantRequest = { headers: { authorization } };
    expect(() => guard.canActivate(contextOf(request))).toThrow(ProblemException);
    expect(request.tenantId).toBeUndefined();
  });

  it('is closed when no key is configured', () => {
    expect(new TenantKeyGuard({ TENANT_API_KEYS: [] }).tenantOf('Bearer acme-key-0123456789')).toBeUndefined();
  });
});
