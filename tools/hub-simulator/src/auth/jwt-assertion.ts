import { verify, type KeyObject } from 'node:crypto';

/** A JWT-bearer assertion that cannot be accepted; `message` becomes error_description. */
export class AssertionError extends Error {
  override readonly name = 'AssertionError';
}

export interface AssertionClaims {
  readonly iss: string;
  readonly aud: string;
  readonly scope: string;
  readonly iat: number;
  readonly exp: number;
  readonly sub?: string;
}

export interface DecodedAssertion {
  readonly keyId: string | undefined;
  readonly claims: AssertionClaims;
  readonly signingInput: string;
  readonly signature: Buffer;
}

function jsonSegment(segment: string | undefined, what: string): Record<string, unknown> {
  try {
    const value = JSON.parse(Buffer.from(segment ?? '', 'base64url').toString('utf8')) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // falls through to the error below
  }
  throw new AssertionError(`Invalid JWT: the ${what} is not a JSON object.`);
}

/** Splits and decodes an RS256 JWT (RFC 7515 compact form) without trusting it yet. */
export function decodeAssertion(jwt: string): DecodedAssertion {
  const parts = jwt.split('.');
  if (parts.length !== 3) throw new AssertionError('Invalid JWT: expected three segments.');
  const header = jsonSegment(parts[0], 'header');
  if (header['alg'] !== 'RS256') throw new AssertionError('Invalid JWT: only RS256 is accepted.');
  const claims = jsonSegment(parts[1], 'claim set');
  const { iss, aud, scope, iat, exp, sub } = claims;
  if (typeof iss !== 'string' || typeof aud !== 'string' || typeof scope !== 'string' || typeof iat !== 'number' || typeof exp !== 'number') {
    throw new AssertionError('Invalid JWT: iss, aud, scope, iat and exp are required.');
  }
  return {
    keyId: typeof header['kid'] === 'string' ? header['kid'] : undefined,
    claims: { iss, aud, scope, iat, exp, ...(typeof sub === 'string' ? { sub } : {}) },
    signingInput: `${parts[0]}.${parts[1]}`,
    signature: Buffer.from(parts[2] ?? '', 'base64url'),
  };
}

export function signatureValid(assertion: DecodedAssertion, publicKey: KeyObject): boolean {
  return verify('RSA-SHA256', Buffer.from(assertion.signingInput), publicKey, assertion.signature);
}
