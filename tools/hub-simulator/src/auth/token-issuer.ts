import { randomBytes } from 'node:crypto';
import { HubHttpError } from '../http/hub-http.error';
import type { MutableHubStats } from '../hub-stats';
import type { HubOAuthOptions, HubServiceAccount } from './hub-oauth.options';
import { AssertionError, decodeAssertion, signatureValid } from './jwt-assertion';

export const RBM_SCOPE = 'https://www.googleapis.com/auth/rcsbusinessmessaging';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Google refuses assertions that claim to live longer than an hour. */
const MAX_ASSERTION_LIFETIME_S = 3600;

/** An OAuth 2.0 token-endpoint error (RFC 6749 §5.2 shape). */
export class OAuthError extends Error {
  override readonly name = 'OAuthError';

  constructor(
    readonly httpStatus: number,
    readonly code: string,
    description: string,
  ) {
    super(description);
  }

  toBody(): { error: string; error_description: string } {
    return { error: this.code, error_description: this.message };
  }
}

interface IssuedToken {
  readonly email: string;
  readonly scopes: readonly string[];
  readonly expiresAtMs: number;
}

export interface TokenGrant {
  readonly access_token: string;
  readonly expires_in: number;
  readonly token_type: 'Bearer';
}

/**
 * The simulated token endpoint and bearer check, following Google's OAuth 2.0 service-account
 * flow: a JWT-bearer grant signed with the account's key (aud = the token URL, scope, iat/exp
 * within an hour) buys an opaque access token; RBM calls must carry a live one.
 */
export class TokenIssuer {
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly revokedKeys = new Set<string>();
  private outageStatus: number | undefined;

  constructor(
    private readonly options: HubOAuthOptions,
    private readonly stats: MutableHubStats,
  ) {}

  /** POST /token with the form fields; `audience` is this endpoint's own URL. */
  grant(form: URLSearchParams, audience: string): TokenGrant {
    this.stats.tokenRequests++;
    if (this.outageStatus !== undefined) throw new OAuthError(this.outageStatus, 'temporarily_unavailable', 'The token service is unavailable.');
    try {
      return this.issue(form, audience);
    } catch (error) {
      if (error instanceof OAuthError) this.stats.tokenRefusals++;
      throw error;
    }
  }

  /** Throws 401 (no, unknown or expired token) or 403 (token without the RBM scope). */
  check(authorization: string | undefined): void {
    const token = /^Bearer ([^\s]+)$/i.exec(authorization ?? '')?.[1];
    const issued = token === undefined ? undefined : this.tokens.get(token);
    if (issued === undefined || issued.expiresAtMs <= this.now()) {
      this.stats.unauthenticated++;
      throw new HubHttpError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token.', { 'www-authenticate': 'Bearer realm="rbm"' });
    }
    if (!issued.scopes.includes(RBM_SCOPE)) throw new HubHttpError(403, 'PERMISSION_DENIED', 'Request had insufficient authentication scopes.');
  }

  /** The key can no longer sign grants (a deleted service-account key). Issued tokens live on. */
  revokeKey(keyId: string): void {
    this.revokedKeys.add(keyId);
  }

  /** Every issued access token stops working before its expiry (the hub rotated its sessions). */
  revokeTokens(): void {
    this.tokens.clear();
  }

  /** A token endpoint outage: grants answer `status` until called with undefined. */
  setOutage(status: number | undefined): void {
    this.outageStatus = status;
  }

  /** Restores keys and the endpoint; issued tokens stay valid (a running gateway keeps its own). */
  reset(): void {
    this.revokedKeys.clear();
    this.outageStatus = undefined;
  }

  private issue(form: URLSearchParams, audience: string): TokenGrant {
    if (form.get('grant_type') !== JWT_BEARER) throw new OAuthError(400, 'unsupported_grant_type', 'Invalid grant_type.');
    const assertion = form.get('assertion');
    if (!assertion) throw new OAuthError(400, 'invalid_request', 'Missing required parameter: assertion');
    let decoded;
    try {
      decoded = decodeAssertion(assertion);
    } catch (error) {
      if (error instanceof AssertionError) throw new OAuthError(400, 'invalid_grant', error.message);
      throw error;
    }
    const { claims } = decoded;
    const account = this.account(claims.iss, decoded.keyId);
    if (!signatureValid(decoded, account.publicKey)) throw new OAuthError(400, 'invalid_grant', 'Invalid JWT Signature.');
    if (claims.aud !== audience) throw new OAuthError(400, 'invalid_grant', 'Invalid JWT: the audience is not this token endpoint.');
    this.checkTimes(claims.iat, claims.exp);
    const scopes = claims.scope.split(' ').filter(Boolean);
    if (scopes.length === 0) throw new OAuthError(400, 'invalid_scope', 'Empty scope.');
    const ttl = this.options.tokenTtlSeconds ?? 3600;
    const accessToken = `sim.${randomBytes(24).toString('base64url')}`;
    this.tokens.set(accessToken, { email: account.email, scopes, expiresAtMs: this.now() + ttl * 1000 });
    this.stats.tokensIssued++;
    return { access_token: accessToken, expires_in: ttl, token_type: 'Bearer' };
  }

  private account(email: string, keyId: string | undefined): HubServiceAccount {
    const candidates = this.options.accounts.filter((account) => account.email === email && (keyId === undefined || account.keyId === keyId));
    const usable = candidates.find((account) => !this.revokedKeys.has(account.keyId));
    if (usable === undefined) throw new OAuthError(400, 'invalid_grant', candidates.length > 0 ? 'Invalid JWT Signature.' : 'Invalid issuer: unknown service account.');
    return usable;
  }

  private checkTimes(iat: number, exp: number): void {
    const nowS = this.now() / 1000;
    const skew = this.options.maxClockSkewSeconds ?? 300;
    if (exp <= iat || exp - iat > MAX_ASSERTION_LIFETIME_S) throw new OAuthError(400, 'invalid_grant', 'Invalid JWT: Token must be a short-lived token (60 minutes).');
    if (iat > nowS + skew || exp < nowS - skew) {
      throw new OAuthError(400, 'invalid_grant', 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values.');
    }
  }

  private now(): number {
    return Date.now() + (this.options.clockOffsetMs ?? 0);
  }
}
