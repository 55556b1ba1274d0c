import type { z } from 'zod';
import { problemType, ProblemException } from '@switchback/runtime';

/** Names every bad field; an unknown key is named as the field it would have been. */
export function fieldErrors(issues: readonly z.core.$ZodIssue[]): { field: string; message: string }[] {
  return issues.flatMap((issue) => {
    const at = issue.path.map(String).join('.');
    // A key shaped like a field name is named (a typo is easy to fix); any other text is not echoed.
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ field: [at, /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(key) ? key : '(unknown key)'].filter(Boolean).join('.'), message: 'unknown field' }));
    return [{ field: at || '(body)', message: issue.message }];
  });
}

export const invalidMessage = (errors: { field: string; message: string }[]): ProblemException =>
  new ProblemException({ type: problemType('invalid-message'), title: 'Invalid message', status: 400, detail: 'the request does not match the schema', errors });

export const tenantUnauthorized = (): ProblemException =>
  new ProblemException({ type: problemType('unauthorized'), title: 'Unauthorized', status: 401, detail: 'a valid tenant API key is required' });

export const idempotencyKeyReused = (): ProblemException =>
  new ProblemException({ type: problemType('idempotency-key-reused'), title: 'Idempotency-Key reused with another body', status: 422, detail: 'this Idempotency-Key was first used with a different request body' });

export const idempotencyKeyInProgress = (): ProblemException =>
  new ProblemException({ type: problemType('idempotency-key-in-progress'), title: 'Request with this Idempotency-Key in progress', status: 409, detail: 'retry once the first request has finished' });

export const messageNotFound = (): ProblemException => new ProblemException({ type: problemType('message-not-found'), title: 'Message not found', status: 404 });
