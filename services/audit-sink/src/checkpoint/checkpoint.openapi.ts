import { applyDecorators } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { CheckpointWire } from '@switchback/audit-format';
import { ApiProblem, ApiZodResponse, describes, problemType, type Problem } from '@switchback/runtime';
import { z } from 'zod';

/** OpenAPI of the checkpoint API (operators only): signed checkpoints of the hash-chained audit log. */

const checkpointSchema = describes<CheckpointWire>()(
  z.object({
    v: z.literal(1),
    id: z.string().optional(),
    seq: z.string().describe('sequence number of the last row covered (decimal string)'),
    row_hash: z.string().describe('hash of that row (the chain head)'),
    count: z.string(),
    created_at: z.string(),
    key_id: z.string(),
    key_fingerprint: z.string(),
    public_key: z.string().describe('the Ed25519 public key that signed it'),
    signature: z.string(),
  }),
);
const example = { v: 1, id: '42', seq: '1048576', row_hash: '3b1f0c9e5d7a2e4f6b8c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a', count: '1048576', created_at: '2026-11-02T10:15:00.000Z', key_id: 'a1', key_fingerprint: 'sha256:4f2a9c', public_key: 'MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=', signature: 'Zm9yIGRvY3VtZW50YXRpb24gb25seQ' };
// Nest's NotFoundException(message) rendered by ProblemFilter.
const notFound = (title: string): Problem => ({ type: problemType('http'), title, status: 404 });

export const CheckpointsApi = () =>
  applyDecorators(
    ApiTags('audit checkpoints'),
    ApiSecurity('operatorToken'),
    ApiProblem(401, 'no or unknown operator token', { type: 'about:blank', title: 'unauthorized', status: 401, detail: 'a valid audit operator bearer token is required' }),
  );

export const LatestCheckpointApi = () =>
  applyDecorators(ApiOperation({ summary: 'The latest signed checkpoint', description: 'For witnesses outside the database.' }), ApiZodResponse(200, 'the latest checkpoint', checkpointSchema, example), ApiProblem(404, 'no checkpoint yet', notFound('no checkpoint yet')));

export const CreateCheckpointApi = () =>
  applyDecorators(ApiOperation({ summary: 'Sign a checkpoint now', description: 'Each costs a signature and a row.' }), ApiZodResponse(200, 'the checkpoint made', checkpointSchema, example), ApiProblem(404, 'the audit log is empty', notFound('the audit log is empty')));
