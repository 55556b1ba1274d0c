import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { BearerCredentials } from '@switchback/crypto';
import { CONFIG } from '@switchback/runtime';
import type { AuditSinkConfig } from '../config/audit-sink.config';

interface OperatorRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  operator?: string;
}

/** Bearer tokens from AUDIT_OPERATOR_TOKENS (constant-time match). No tokens = every request refused. */
@Injectable()
export class OperatorTokenGuard implements CanActivate {
  private readonly tokens: BearerCredentials;

  constructor(@Inject(CONFIG) config: Pick<AuditSinkConfig, 'AUDIT_OPERATOR_TOKENS'>) {
    this.tokens = new BearerCredentials(config.AUDIT_OPERATOR_TOKENS.map(({ actor, token }) => ({ holder: actor, secret: token })));
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<OperatorRequest>();
    const operator = this.tokens.holderOf(request.headers['authorization']);
    if (!operator) throw new UnauthorizedException({ type: 'about:blank', title: 'unauthorized', status: 401, detail: 'a valid audit operator bearer token is required' });
    request.operator = operator;
    return true;
  }
}
