import type { ExecutionContext } from '@nestjs/common';
import { AdminTokenGuard, type AdminRequest } from './admin-token.guard';

const guard = new AdminTokenGuard({ ADMIN_TOKENS: [{ actor: 'alice', token: 'alice-token-0123456789' }, { actor: 'bob', token: 'bob-token-0123456789ab' }] });
const contextFor = (request: AdminRequest) => ({ switchToHttp: () => ({ getRequest: () => request }) }) as unknown as ExecutionContext;

describe('AdminTokenGuard', () => {
  it.each([
    ['alice', 'Bearer alice-token-0123456789'],
    ['bob', 'bearer bob-token-0123456789ab'],
  ])('lets %s in and records the actor', (actor, authorization) => {
    const request: AdminRequest = { headers: { authorization } };
    expect(guard.canActivate(contextFor(request))).toBe(true);
    expect(request.actor).toBe(actor);
  });

  it.each([
    ['no header', undefined],
    ['a wrong token', 'Bearer alice-token-0123456780'],
    ['a prefix of a token', 'Bearer alice-token'],
    ['another scheme', 'Basic alice-token-0123456789'],
    ['the actor name', 'Bearer alice'],
  ])('answers 401 for %s', (_label, authorization) => {
    const request: AdminRequest = { headers: { authorization } };
    expect(() => guard.canActivate(contextFor(request))).toThrow(expect.objectContaining({ problem: expect.objectContaining({ status: 401 }) }));
    expect(request.actor).toBeUndefined();
  });

  it('lets nobody in when no tokens are configured', () => {
    const closed = new AdminTokenGuard({ ADMIN_TOKENS: [] });
    expect(() => closed.canActivate(contextFor({ headers: { authorization: 'Bearer ' } }))).toThrow();
  });
});
