import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { BearerCredentials } from '@switchback/crypto';
import { CONFIG, problemType, ProblemException } from '@switchback/runtime';
import type { RoutingConfig } from '../config/routing.config';

export interface AdminRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  actor?: string;
}

export const unauthorized = (): ProblemException =>
  new ProblemException({ type: problemType('unauthorized'), title: 'Unauthorized', status: 401, detail: 'a valid admin bearer token is required' });

/** Bearer tokens from ADMIN_TOKENS; the token names the actor (constant-time match). */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly tokens: BearerCredentials;

  constructor(@Inject(CONFIG) config: Pick<RoutingConfig, 'ADMIN_TOKENS'>) {
    this.tokens = new BearerCredentials(config.ADMIN_TOKENS.map(({ actor, token }) => ({ holder: actor, secret: token })));
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AdminRequest>();
    const actor = this.actorOf(request.headers['authorization']);
    if (!actor) throw unauthorized();
    request.actor = actor;
    return true;
  }

  private actorOf(header: string | string[] | undefined): string | undefined {
    return this.tokens.holderOf(header);
  }
}
