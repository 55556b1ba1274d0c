import type { ExecutionContext } from '@nestjs/common';
import { LinkApiKeyGuard, type TenantRequest } from './link-api-key.guard';
import { ProblemException } from '@switchback/runtime';

const guard = new LinkApiKeyGuard({ LINK_API_KEYS: [{ tenantId: 'acme', key: 'acme-key-0123456789' }, { tenantId: 'globex', key: 'globex-key-0123456789' }] });
const contextOf = (request: TenantRequest) => ({ switchToHttp: () => ({ getRequest: () => request }) }) as unknown as ExecutionContext;

describe('link API key guard', () => {
  it('sets the tenant the key belongs to', () => {
    const request: TenantRequest = { headers: { authorization: 'Bearer globex-key-0123456789' } };
    expect(guard.canActivate(contextOf(request))).toBe(true);
    expect(request.tenantId).toBe('globex');
    expect(guard.tenantOf('bearer acme-key-0123456789')).toBe('acme');
  });

  it.each([undefined, '', 'acme-key-0123456789', 'Bearer acme-key-012345678', 'Bearer acme-key-0123456789x', 'Basic YWNtZTp4', ['Bearer acme-key-0123456789']])('refuses %j with a 401 problem', (header) => {
    const request: TenantRequest = { headers: { authorization: header } };
    try {
      guard.canActivate(contextOf(request));
      throw new Error('allowed');
    } catch (error) {
      expect(error).toBeInstanceOf(ProblemException);
      expect((error as ProblemException).problem.status).toBe(401);
    }
    expect(request.tenantId).toBeUndefined();
  });

  it('refuses everything when no key is configured', () => {
    expect(new LinkApiKeyGuard({ LINK_API_KEYS: [] }).tenantOf('Bearer acme-key-0123456789')).toBeUndefined();
  });
});
