import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { CONFIG } from '@switchback/runtime';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AdminToken, RoutingConfig } from '../config/routing.config';
import { problemType, ProblemException } from './problem';

export interface AdminRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  actor?: string;
}

export const unauthorized = (): ProblemException =>
  new ProblemException({ type: problemType('unauthorized'), title: 'Unauthorized', status: 401, detail: 'a valid admin bearer token is required' });

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Bearer tokens from ADMIN_TOKENS. Tokens are compared as SHA-256 digests with timingSafeEqual
 * (equal lengths, so no length leak) and every configured token is checked, so the time taken
 * says nothing about which token, or how much of one, matched.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly tokens: readonly { readonly actor: string; readonly digest: Buffer }[];

  constructor(@Inject(CONFIG) config: Pick<RoutingConfig, 'ADMIN_TOKENS'>) {
    this.tokens = config.ADMIN_TOKENS.map(({ actor, token }: AdminToken) => ({ actor, digest: digest(token) }));
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AdminRequest>();
    const actor = this.actorOf(request.headers['authorization']);
    if (!actor) throw unauthorized();
    request.actor = actor;
    return true;
  }

  private actorOf(header: string | string[] | undefined): string | undefined {
    const presentedToken = typeof header === 'string' ? /^Bearer ([^\s]+)$/i.exec(header.trim())?.[1] : undefined;
    if (presentedToken === undefined) return undefined;
    const presented = digest(presentedToken);
    let actor: string | undefined;
    for (const token of this.tokens) {
      if (timingSafeEqual(presented, token.digest) && actor === undefined) actor = token.actor;
    }
    return actor;
  }
}
