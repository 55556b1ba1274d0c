import type { CanActivate, ExecutionContext } from '@nestjs/common';
import type { BearerCredentials } from '@switchback/crypto';

/** A request a bearer guard reads the Authorization header of, and names its holder on. */
export interface BearerRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  [holder: string]: unknown;
}

/**
 * The shape every credential guard here shares: match `Authorization: Bearer …` against a set of
 * credentials (constant time, libs/crypto), put the holder on the request under `field`, or throw
 * the guard's own refusal. Subclasses say which credentials, which field and which refusal.
 */
export abstract class BearerGuard implements CanActivate {
  protected constructor(
    private readonly credentials: BearerCredentials,
    private readonly field: string,
  ) {}

  /** The error for a request without a valid credential (a 401 problem). */
  protected abstract refusal(): Error;

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<BearerRequest>();
    this.admit(request);
    const holder = this.holderOf(request.headers['authorization']);
    if (!holder) throw this.refusal();
    request[this.field] = holder;
    return true;
  }

  /** Who holds the credential in this header, if anyone. */
  holderOf(header: string | string[] | undefined): string | undefined {
    return this.credentials.holderOf(header);
  }

  /** A check before the credential (e.g. the listener the request came in on); throws to refuse. */
  protected admit(_request: BearerRequest): void {
    // none by default
  }
}
