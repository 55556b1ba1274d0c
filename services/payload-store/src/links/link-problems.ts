import type { z } from 'zod';
import { problemType, ProblemException, type Problem } from '@switchback/runtime';

/**
 * The one answer for a link that cannot be served: unknown, expired, burned, revoked or a wrong
 * claim secret. Frozen and without detail, so the bytes never say which it was.
 */
export const LINK_NOT_AVAILABLE: Problem = Object.freeze({ type: 'about:blank', title: 'Link not available', status: 404 });

export const linkNotAvailable = (): ProblemException => new ProblemException(LINK_NOT_AVAILABLE);

/** Names every bad field (never echoing a value: they may be secrets). */
export function fieldErrors(issues: readonly z.core.$ZodIssue[]): { field: string; message: string }[] {
  return issues.flatMap((issue) => {
    const at = issue.path.map(String).join('.');
    // A key shaped like a field name is named (a typo is easy to fix); any other text is not echoed.
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ field: [at, /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(key) ? key : '(unknown key)'].filter(Boolean).join('.'), message: 'unknown field' }));
    return [{ field: at || '(body)', message: issue.message }];
  });
}

export const invalidLinkRequest = (errors: { field: string; message: string }[]): ProblemException =>
  new ProblemException({ type: problemType('invalid-link-request'), title: 'Invalid link request', status: 400, detail: 'the request does not match the schema', errors });

export const payloadTooLarge = (maxBytes: number): ProblemException =>
  new ProblemException({ type: problemType('payload-too-large'), title: 'Payload too large', status: 413, detail: `the ciphertext may hold at most ${maxBytes} bytes` });

export const linkUnauthorized = (): ProblemException =>
  new ProblemException({ type: problemType('unauthorized'), title: 'Unauthorized', status: 401, detail: 'a valid link API key is required' });

export const rateLimited = (retryAfterSeconds: number): ProblemException =>
  new ProblemException(
    { type: problemType('rate-limited'), title: 'Too many requests', status: 429, detail: `retry in ${retryAfterSeconds} s` },
    { 'retry-after': String(retryAfterSeconds) },
  );
