import { randomBytes } from 'node:crypto';
import { parseClaim, parseClaimSecret, parseCreateLink, type LinkLimits } from './link-request';
import { ProblemException } from '@switchback/runtime';

const limits: LinkLimits = { maxCiphertextBytes: 1024, defaultTtlSeconds: 3600, maxTtlSeconds: 7 * 24 * 3600, maxViews: 10 };
const verifier = randomBytes(32);
const valid = { ciphertext: randomBytes(100).toString('base64url'), algorithm: 'A256GCM-HKDF-SHA256-v1', accessVerifier: verifier.toString('base64url'), keyMode: 'fragment' };

function problemOf(run: () => unknown): { status: number; errors?: readonly { field: string; message: string }[] } {
  try {
    run();
  } catch (error) {
    if (error instanceof ProblemException) return error.problem;
    throw error;
  }
  throw new Error('no problem thrown');
}

describe('create link request', () => {
  it('decodes bytes and fills in the defaults (1 h, one view)', () => {
    const request = parseCreateLink(valid, limits);
    expect(request).toMatchObject({ algorithm: 'A256GCM-HKDF-SHA256-v1', keyMode: 'fragment', ttlSeconds: 3600, maxViews: 1, messageId: undefined, escrow: undefined });
    expect(request.accessVerifier).toEqual(verifier);
    expect(request.ciphertext).toHaveLength(100);
  });

  it('keeps an escrow envelope and a message id', () => {
    const envelope = randomBytes(40);
    const request = parseCreateLink({ ...valid, messageId: 'm-1', escrow: { keyId: 'k1', envelope: envelope.toString('base64url') }, ttlSeconds: 60, maxViews: 10 }, limits);
    expect(request).toMatchObject({ messageId: 'm-1', ttlSeconds: 60, maxViews: 10, escrow: { keyId: 'k1', envelope } });
  });

  it('answers 413 for a ciphertext over the limit, before decoding it', () => {
    expect(problemOf(() => parseCreateLink({ ...valid, ciphertext: randomBytes(1025).toString('base64url') }, limits)).status).toBe(413);
    expect(parseCreateLink({ ...valid, ciphertext: randomBytes(1024).toString('base64url') }, limits).ciphertext).toHaveLength(1024);
  });

  it.each([
    ['ttlSeconds', { ttlSeconds: 7 * 24 * 3600 + 1 }],
    ['ttlSeconds', { ttlSeconds: 59 }],
    ['ttlSeconds', { ttlSeconds: 100.5 }],
    ['maxViews', { maxViews: 11 }],
    ['maxViews', { maxViews: 0 }],
    ['accessVerifier', { accessVerifier: randomBytes(31).toString('base64url') }],
    ['accessVerifier', { accessVerifier: randomBytes(32).toString('base64') }],
    ['ciphertext', { ciphertext: '' }],
    ['keyMode', { keyMode: 'sms' }],
    ['algorithm', { algorithm: 'has space' }],
    ['messageId', { messageId: 'x'.repeat(129) }],
    ['escrow.envelope', { escrow: { keyId: 'k1', envelope: 'not base64url!' } }],
    ['unknown', { unknown: true }],
  ])('answers 400 naming %s', (field, change) => {
    const problem = problemOf(() => parseCreateLink({ ...valid, ...change }, limits));
    expect(problem.status).toBe(400);
    expect(problem.errors?.map((e) => e.field)).toEqual([field]);
  });

  it('never echoes a value in its errors', () => {
    const secretish = randomBytes(31).toString('base64url');
    expect(JSON.stringify(problemOf(() => parseCreateLink({ ...valid, accessVerifier: secretish }, limits)))).not.toContain(secretish);
  });

  it('answers 400 for a body that is not an object', () => {
    expect(problemOf(() => parseCreateLink(null, limits)).status).toBe(400);
    expect(problemOf(() => parseCreateLink('text', limits)).status).toBe(400);
  });
});

describe('claim secret', () => {
  const secret = randomBytes(32);

  it('is required in a claim body, 32 bytes of base64url', () => {
    expect(parseClaim({ claimSecret: secret.toString('base64url') })).toEqual(secret);
    expect(problemOf(() => parseClaim({})).status).toBe(400);
    expect(problemOf(() => parseClaim({ claimSecret: randomBytes(16).toString('base64url') })).status).toBe(400);
    expect(problemOf(() => parseClaim(undefined)).status).toBe(400);
  });

  it('is optional for a revoke, from the body or the X-Claim-Secret header', () => {
    expect(parseClaimSecret(undefined)).toBeUndefined();
    expect(parseClaimSecret({})).toBeUndefined();
    expect(parseClaimSecret({}, secret.toString('base64url'))).toEqual(secret);
    expect(parseClaimSecret({ claimSecret: secret.toString('base64url') })).toEqual(secret);
    expect(problemOf(() => parseClaimSecret({}, 'nope')).status).toBe(400);
  });
});
