import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { BearerCredentials } from '@switchback/crypto';
import { BearerGuard, CONFIG } from '@switchback/runtime';
import type { AuditSinkConfig } from '../config/audit-sink.config';

/** Bearer tokens from AUDIT_OPERATOR_TOKENS (constant-time match). No tokens = every request refused. */
@Injectable()
export class OperatorTokenGuard extends BearerGuard {
  constructor(@Inject(CONFIG) config: Pick<AuditSinkConfig, 'AUDIT_OPERATOR_TOKENS'>) {
    super(new BearerCredentials(config.AUDIT_OPERATOR_TOKENS.map(({ actor, token }) => ({ holder: actor, secret: token }))), 'operator');
  }

  protected refusal(): Error {
    return new UnauthorizedException({ type: 'about:blank', title: 'unauthorized', status: 401, detail: 'a valid audit operator bearer token is required' });
  }
}
