import { applyDecorators } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiEmptyResponse, ApiProblem, ApiZodBody, ApiZodResponse, describes, problemType, type Problem } from '@switchback/runtime';
import { z } from 'zod';
import type { OverrideResult } from '../hold/hold-override.service';
import { overrideBody } from '../hold/override-request';
import type { ProducerKeyView } from '../producers/producer-key.registry';
import { unauthorized } from './admin-token.guard';
import { DEFAULT_TENANT_POLICY, tenantPolicySchema, type VersionedPolicy } from './tenant-policy';

/** OpenAPI of routing's admin API (ADMIN_HTTP_PORT): tenant policies, producer keys, overrides. */

const outOfScope: Problem = { type: problemType('tenant-out-of-scope'), title: 'Tenant out of scope', status: 403, detail: 'this admin token is scoped to another tenant' };
const invalidTenant: Problem = { type: problemType('invalid-tenant'), title: 'Invalid tenant id', status: 400, errors: [{ field: 'tenant', message: 'letters, digits, . _ - (1 to 64)' }] };

/** Every admin operation: the admin bearer token, 401 without, 403 on another tenant, 404 off the admin port. */
const adminSecurity = () =>
  applyDecorators(
    ApiSecurity('adminToken'),
    ApiProblem(401, 'no or unknown admin token', unauthorized().problem),
    ApiProblem(403, 'the token is scoped to another tenant', outOfScope),
  );

export const PolicyAdminApi = () => applyDecorators(ApiTags('admin: policies'), adminSecurity());
export const ProducerKeysApi = () => applyDecorators(ApiTags('admin: producer keys'), adminSecurity());
export const OverrideApi = () => applyDecorators(ApiTags('admin: overrides'), adminSecurity());

const versionedPolicySchema = describes<Omit<VersionedPolicy, 'createdAt'>>()(
  z.object({
    tenantId: z.string(),
    version: z.number().int().describe('0: the built-in default of a tenant that never set one'),
    policy: tenantPolicySchema,
    actor: z.string(),
    createdAt: z.string().nullable().describe('ISO 8601; null for the built-in default'),
  }),
);

const policyExample = { tenantId: 'acme', version: 4, policy: DEFAULT_TENANT_POLICY, actor: 'alice@acme', createdAt: '2026-11-02T10:15:00.000Z' };

export const GetPolicyApi = () =>
  applyDecorators(
    ApiOperation({ summary: 'Read a tenant\'s policy', description: 'The latest version (version 0, the default policy, for a tenant that never set one).' }),
    ApiZodResponse(200, 'the latest policy version', versionedPolicySchema, policyExample),
    ApiProblem(400, 'the tenant id is invalid', invalidTenant),
  );

export const PutPolicyApi = () =>
  applyDecorators(
    ApiOperation({ summary: 'Write a new policy version', description: 'Every field has a default (`{}` is the default policy); unknown fields are refused. Applies everywhere within POLICY_CACHE_TTL_MS.' }),
    ApiZodBody(tenantPolicySchema, { default: {}, blockSensitive: { onSensitive: 'block', smsAllowed: false, allowedRegions: ['GB', 'IE'] } }),
    ApiZodResponse(200, 'the version written', versionedPolicySchema, policyExample),
    ApiProblem(400, 'the tenant id or the policy is invalid', { type: problemType('invalid-policy'), title: 'Invalid policy', status: 400, detail: 'the policy body does not match the schema', errors: [{ field: 'onSensitive', message: 'Invalid option: expected one of "secure_link"|"block"' }] }, invalidTenant),
  );

const producerKeySchema = describes<ProducerKeyView>()(
  z.object({ keyId: z.string(), publicKey: z.string().describe('base64 SPKI DER of the Ed25519 key'), createdBy: z.string(), createdAt: z.string(), revokedAt: z.string().nullable() }),
);
const invalidKey = (field: string, message: string): Problem => ({ type: problemType('invalid-producer-key'), title: 'Invalid producer key', status: 400, errors: [{ field, message }] });
const PUBLIC_KEY = 'MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=';

export const ListProducerKeysApi = () =>
  applyDecorators(
    ApiOperation({ summary: 'List a tenant\'s producer keys', description: 'The Ed25519 public keys its producers sign send requests with, revoked ones included.' }),
    ApiZodResponse(200, 'the keys', z.object({ keys: z.array(producerKeySchema) }), { keys: [{ keyId: 'orders-2026-11', publicKey: PUBLIC_KEY, createdBy: 'ops@*', createdAt: '2026-11-02T10:15:00.000Z', revokedAt: null }] }),
    ApiProblem(400, 'the tenant id is invalid', invalidKey('tenant', 'letters, digits, . _ - (1 to 64)')),
  );

export const PutProducerKeyApi = () =>
  applyDecorators(
    ApiOperation({ summary: 'Register a producer key', description: 'Idempotent for the same key. Rotation: PUT the new key, move producers to it, DELETE the old one. Ids starting `ingress-` are reserved.' }),
    ApiZodBody(z.object({ publicKey: z.string().describe('base64 SPKI DER, or PEM, of an Ed25519 public key') }), { spki: { publicKey: PUBLIC_KEY } }),
    ApiEmptyResponse(204, 'registered'),
    ApiProblem(400, 'invalid tenant, key id or public key', invalidKey('publicKey', 'the base64 SPKI DER (or PEM) of an Ed25519 public key'), invalidKey('keyId', 'ingress- is reserved for routing\'s own keys')),
    ApiProblem(409, 'the key id is registered with another key or tenant, or was revoked', { type: problemType('producer-key-conflict'), title: 'Key id taken', status: 409, detail: 'this key id is registered with another key, tenant, or was revoked: use a new id' }),
  );

export const RevokeProducerKeyApi = () =>
  applyDecorators(
    ApiOperation({ summary: 'Revoke a producer key', description: 'Sends signed with it are refused within PRODUCER_KEY_CACHE_MS.' }),
    ApiEmptyResponse(204, 'revoked'),
    ApiProblem(400, 'invalid tenant or key id', invalidKey('keyId', 'letters, digits, . _ - (1 to 64)')),
    ApiProblem(404, 'no such key', { type: problemType('producer-key-not-found'), title: 'No such producer key', status: 404 }),
  );

const overrideResultSchema = describes<OverrideResult>()(z.object({ messageId: z.string(), channel: z.enum(['RCS', 'SMS']), actionTaken: z.literal('USER_OVERRIDE') }));
const refusal = (slug: string, title: string, status: number): Problem => ({ type: problemType(slug), title, status, detail: `the hold refused the override (${slug.replace(/-/g, '_')})` });

export const OverrideMessageApi = () =>
  applyDecorators(
    ApiOperation({ summary: 'Release a held message', description: 'Sends a message blocked and held by policy, in plaintext, on the channel still allowed. Audited with the actor and reason; two racing overrides release once.' }),
    ApiZodBody(overrideBody, { release: { tenantId: 'acme', reason: 'customer confirmed by phone, ticket 4711' } }),
    ApiZodResponse(200, 'released', overrideResultSchema, { messageId: '5b0f3d6e-2a4c-4e8b-9f1a-7c2d8e6b4a10', channel: 'SMS', actionTaken: 'USER_OVERRIDE' }),
    ApiProblem(400, 'invalid message id or body', { type: problemType('invalid-override'), title: 'Invalid override', status: 400, errors: [{ field: 'reason', message: 'a reason is required' }] }),
    ApiProblem(404, 'no such held message', refusal('not-found', 'No such held message', 404)),
    ApiProblem(409, 'already released, or no channel allowed', refusal('released', 'Already released', 409), refusal('no-channel', 'No channel allowed', 409)),
    ApiProblem(410, 'the hold expired (its content is deleted)', refusal('expired', 'Hold expired', 410)),
    ApiProblem(503, 'sealed under a hold key this instance does not hold; nothing was released', { type: problemType('hold-key-unavailable'), title: 'Hold key unavailable', status: 503, detail: 'the key this message was sealed with is not configured' }),
  );
