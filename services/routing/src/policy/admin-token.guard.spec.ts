import type { ExecutionContext } from '@nestjs/common';
import { routingConfigSchema } from '../config/routing.config';
import { markArrivedOnAdminListener } from '../admin/admin-listener';
import { AdminTokenGuard, assertAdminScope, type AdminRequest } from './admin-token.guard';

const ADMIN_TOKENS = routingConfigSchema.shape.ADMIN_TOKENS.parse('alice@acme:alice-token-0123456789,bob@*:bob-token-0123456789ab');
const guard = new AdminTokenGuard({ ADMIN_TOKENS });
const contextFor = (request: AdminRequest) => ({ switchToHttp: () => ({ getRequest: () => request }) }) as unknown as ExecutionContext;
/** A request as the admin listener receives it. */
const adminRequest = (authorization: string | undefined, params?: Record<string, string>): AdminRequest => {
  const request: AdminRequest = { headers: { authorization }, params };
  markArrivedOnAdminListener(request);
  return request;
};
const status = (status: number) => expect.objectContaining({ problem: expect.objectContaining({ status }) });

describe('AdminTokenGuard', () => {
  it.each([
    ['alice', 'acme', 'Bearer alice-token-0123456789'],
    ['bob', '*', 'bearer bob-token-0123456789ab'],
  ])('lets %s in and records the actor and its scope', (actor, scope, authorization) => {
    const request = adminRequest(authorization);
    expect(guard.canActivate(contextFor(request))).toBe(true);
    expect(request.actor).toBe(actor);
    expect(request.adminScope).toBe(scope);
  });

  it.each([
    ['no header', undefined],
    ['a wrong token', 'Bearer alice-token-0123456780'],
    ['a prefix of a token', 'Bearer alice-token'],
    ['another scheme', 'Basic alice-token-0123456789'],
    ['the actor name', 'Bearer alice'],
  ])('answers 401 for %s', (_label, authorization) => {
    const request = adminRequest(authorization);
    expect(() => guard.canActivate(contextFor(request))).toThrow(status(401));
    expect(request.actor).toBeUndefined();
  });

  it('answers 404 to a valid token that arrived on the public port', () => {
    const request: AdminRequest = { headers: { authorization: 'Bearer bob-token-0123456789ab' } };
    expect(() => guard.canActivate(contextFor(request))).toThrow(status(404));
  });

  it('refuses (403) a tenant-scoped token on another tenant\'s route, and lets a global one through', () => {
    expect(guard.canActivate(contextFor(adminRequest('Bearer alice-token-0123456789', { tenant: 'acme' })))).toBe(true);
    expect(() => guard.canActivate(contextFor(adminRequest('Bearer alice-token-0123456789', { tenant: 'globex' })))).toThrow(status(403));
    expect(guard.canActivate(contextFor(adminRequest('Bearer bob-token-0123456789ab', { tenant: 'globex' })))).toBe(true);
  });

  it('checks a tenant given outside the route the same way, and fails closed without a scope', () => {
    expect(() => assertAdminScope({ headers: {}, actor: 'alice', adminScope: 'acme' }, 'globex')).toThrow(status(403));
    expect(() => assertAdminScope({ headers: {}, actor: 'alice', adminScope: 'acme' }, 'acme')).not.toThrow();
    expect(() => assertAdminScope({ headers: {}, actor: 'alice' }, 'acme')).toThrow(status(401));
  });

  it('lets nobody in when no tokens are configured', () => {
    const closed = new AdminTokenGuard({ ADMIN_TOKENS: [] });
    expect(() => closed.canActivate(contextFor(adminRequest('Bearer ')))).toThrow(status(401));
  });
});
