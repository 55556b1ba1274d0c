import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiEmptyResponse, ApiProblem, ApiZodBody, ApiZodResponse, describes } from '@switchback/runtime';
import { z } from 'zod';
import { payloadStoreConfigSchema } from '../config/payload-store.config';
import { KEY_MODES } from './key-mode';
import { invalidLinkRequest, LINK_NOT_AVAILABLE, linkUnauthorized, payloadTooLarge, rateLimited } from './link-problems';
import { buildCreateSchema, claimSchema } from './link-request';
import type { ClaimedLink, CreatedLink, LinkView } from './links.service';

/** OpenAPI of the link API (LinksController); the bodies come from the zod schemas it validates with, at the default limits (LINK_*). */

const defaults = payloadStoreConfigSchema.shape;
const limits = {
  maxCiphertextBytes: defaults.LINK_MAX_CIPHERTEXT_BYTES.parse(undefined),
  defaultTtlSeconds: defaults.LINK_DEFAULT_TTL_SECONDS.parse(undefined),
  maxTtlSeconds: defaults.LINK_MAX_TTL_SECONDS.parse(undefined),
  maxViews: defaults.LINK_MAX_VIEWS.parse(undefined),
};

const createdSchema = describes<CreatedLink>()(z.object({ id: z.string(), url: z.string().describe('the recipient page, PUBLIC_BASE_URL/s/{id} (the key goes in the fragment or another channel, never here)'), expiresAt: z.string(), maxViews: z.number().int() }));
const claimedSchema = describes<ClaimedLink>()(z.object({ ciphertext: z.string().describe('base64url'), algorithm: z.string(), keyMode: z.enum(KEY_MODES), viewsRemaining: z.number().int(), expiresAt: z.string() }));
const viewSchema = describes<LinkView>()(
  z.object({ id: z.string(), keyMode: z.enum(KEY_MODES), createdAt: z.string(), expiresAt: z.string(), maxViews: z.number().int(), views: z.number().int(), messageId: z.string().nullable(), escrowKeyId: z.string().nullable() }),
);

const LINK_ID = 'q3Zr8Kx1bW0vT5nYp2Lc7A';
const SECRET = 'm1XkQ0rC6yS9v2bN4tL8pH3jF7dW5aZ1eG0uK6iO2sY';
const invalid = invalidLinkRequest([{ field: 'accessVerifier', message: 'base64url without padding of exactly 32 bytes' }]).problem;
const notAvailable = () => ApiProblem(404, 'unknown, expired, burned or revoked link, or a wrong claim secret: one answer for all, so it says nothing about which', LINK_NOT_AVAILABLE);
const limited = () => ApiProblem(429, 'too many attempts (Retry-After says when to try again)', rateLimited(30).problem);

export const LinksApi = () => ApiTags('links');

export const CreateLinkApi = () =>
  applyDecorators(
    ApiOperation({ summary: 'Store a secure link\'s ciphertext', description: 'The creator (routing, per tenant key) stores ciphertext only: the key never reaches payload-store. Limits are the LINK_* settings (defaults shown).' }),
    ApiSecurity('linkApiKey'),
    ApiZodBody(buildCreateSchema(limits), { fragment: { ciphertext: 'c2VhbGVkIGJ5IHRoZSBzZW5kZXI', algorithm: 'A256GCM', accessVerifier: SECRET, keyMode: 'fragment', ttlSeconds: 3600, maxViews: 1, messageId: '5b0f3d6e-2a4c-4e8b-9f1a-7c2d8e6b4a10' } }),
    ApiZodResponse(201, 'stored', createdSchema, { id: LINK_ID, url: `http://127.0.0.1:3105/s/${LINK_ID}`, expiresAt: '2026-11-02T11:15:00.000Z', maxViews: 1 }),
    ApiProblem(400, 'the body does not match the schema (fields named, never their values)', invalid),
    ApiProblem(401, 'no or unknown link API key', linkUnauthorized().problem),
    ApiProblem(413, 'the ciphertext is larger than LINK_MAX_CIPHERTEXT_BYTES', payloadTooLarge(limits.maxCiphertextBytes).problem),
    limited(),
  );

export const ClaimLinkApi = () =>
  applyDecorators(
    ApiOperation({ summary: 'Claim a link (recipient)', description: 'Public: the recipient page\'s script calls it after a click, with the claim secret derived from the key. Each claim spends a view; failed claims of code and passphrase links burn the link after LINK_* attempts.' }),
    ApiZodBody(claimSchema, { claim: { claimSecret: SECRET } }),
    ApiZodResponse(200, 'the ciphertext, for the page to open', claimedSchema, { ciphertext: 'c2VhbGVkIGJ5IHRoZSBzZW5kZXI', algorithm: 'A256GCM', keyMode: 'fragment', viewsRemaining: 0, expiresAt: '2026-11-02T11:15:00.000Z' }),
    ApiProblem(400, 'the body does not match the schema', invalidLinkRequest([{ field: 'claimSecret', message: 'base64url without padding of exactly 32 bytes' }]).problem),
    notAvailable(),
    limited(),
  );

export const RevokeLinkApi = () =>
  applyDecorators(
    ApiOperation({ summary: 'Revoke a link', description: 'By its creator (link API key) or by a holder of the claim secret (body `{ claimSecret }` or the X-Claim-Secret header, rate-limited as claims).' }),
    ApiSecurity('linkApiKey'),
    ApiSecurity({}),
    ApiHeader({ name: 'X-Claim-Secret', required: false, description: 'a holder\'s claim secret (base64url of 32 bytes), instead of a key' }),
    ApiEmptyResponse(204, 'revoked'),
    ApiProblem(400, 'malformed claim secret', invalidLinkRequest([{ field: 'claimSecret', message: 'base64url without padding of exactly 32 bytes' }]).problem),
    ApiProblem(401, 'an Authorization header with an unknown key', linkUnauthorized().problem),
    notAvailable(),
    limited(),
  );

export const DescribeLinkApi = () =>
  applyDecorators(
    ApiOperation({ summary: 'Inspect a link (creator)', description: 'Metadata only, never the ciphertext; links of other tenants are not available.' }),
    ApiSecurity('linkApiKey'),
    ApiZodResponse(200, 'the link', viewSchema, { id: LINK_ID, keyMode: 'fragment', createdAt: '2026-11-02T10:15:00.000Z', expiresAt: '2026-11-02T11:15:00.000Z', maxViews: 1, views: 0, messageId: '5b0f3d6e-2a4c-4e8b-9f1a-7c2d8e6b4a10', escrowKeyId: null }),
    ApiProblem(401, 'no or unknown link API key', linkUnauthorized().problem),
    notAvailable(),
  );
