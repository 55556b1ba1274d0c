import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { scopeCovers } from '@switchback/config';
import { BearerCredentials } from '@switchback/crypto';
import { CONFIG, problemType, ProblemException } from '@switchback/runtime';
import { arrivedOnAdminListener } from '../admin/admin-listener';
import type { RoutingConfig } from '../config/routing.config';

export interface AdminRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly params?: Readonly<Record<string, string | undefined>>;
  actor?: string;
  /** The tenant the token acts for, or `*`. */
  adminScope?: string;
}

export const unauthorized = (): ProblemException =>
  new ProblemException({ type: problemType('unauthorized'), title: 'Unauthorized', status: 401, detail: 'a valid admin bearer token is required' });

const notFound = (): ProblemException => new ProblemException({ type: problemType('not-found'), title: 'Not Found', status: 404 });

const outOfScope = (): ProblemException =>
  new ProblemException({ type: problemType('tenant-out-of-scope'), title: 'Tenant out of scope', status: 403, detail: 'this admin token is scoped to another tenant' });

/**
 * Refuses (403) an admin whose token is not scoped to `tenantId` (or to every tenant). The guard
 * checks a `:tenant` route parameter itself; a route that takes the tenant elsewhere (a body)
 * calls this before acting. Without a recorded scope nothing is allowed (fail closed).
 */
export function assertAdminScope(request: AdminRequest, tenantId: string): void {
  if (!request.actor || request.adminScope === undefined) throw unauthorized();
  if (!scopeCovers(request.adminScope, tenantId)) throw outOfScope();
}

/**
 * Bearer tokens from ADMIN_TOKENS (constant-time match): the token names the actor and the
 * tenant it may touch. Served on the admin listener only: on the public port an admin route
 * answers 404, as if it did not exist.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly tokens: BearerCredentials;
  private readonly entries: RoutingConfig['ADMIN_TOKENS'];

  constructor(@Inject(CONFIG) config: Pick<RoutingConfig, 'ADMIN_TOKENS'>) {
    this.entries = config.ADMIN_TOKENS;
    // The holder is the entry's index: one constant-time pass finds actor and scope together.
    this.tokens = new BearerCredentials(this.entries.map(({ token }, index) => ({ holder: String(index), secret: token })));
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AdminRequest>();
    if (!arrivedOnAdminListener(request)) throw notFound();
    const index = this.tokens.holderOf(request.headers['authorization']);
    const entry = index === undefined ? undefined : this.entries[Number(index)];
    if (!entry) throw unauthorized();
    request.actor = entry.actor;
    request.adminScope = entry.scope;
    const tenant = request.params?.['tenant'];
    if (tenant !== undefined) assertAdminScope(request, tenant);
    return true;
  }
}
