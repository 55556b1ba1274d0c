import { z } from 'zod';
import { decodeBase64url, decodedLength } from './base64url';
import { KEY_MODES, type KeyMode } from './key-mode';
import { fieldErrors, invalidLinkRequest, payloadTooLarge } from './link-problems';

export interface LinkLimits {
  readonly maxCiphertextBytes: number;
  readonly defaultTtlSeconds: number;
  readonly maxTtlSeconds: number;
  readonly maxViews: number;
}

/** A create request, decoded: bytes are Buffers, defaults filled in. */
export interface CreateLinkRequest {
  readonly ciphertext: Buffer;
  readonly algorithm: string;
  readonly accessVerifier: Buffer;
  readonly keyMode: KeyMode;
  readonly ttlSeconds: number;
  readonly maxViews: number;
  readonly messageId: string | undefined;
  readonly escrow: { readonly keyId: string; readonly envelope: Buffer } | undefined;
}

const MIN_TTL_SECONDS = 60;
const MAX_ESCROW_ENVELOPE_BYTES = 4096;

/** base64url (no padding) of 1..maxBytes bytes, or of exactly `exact` bytes. */
const bytes = (bounds: { min?: number; max?: number; exact?: number }) =>
  z.string().transform((value, ctx): Buffer => {
    const decoded = decodeBase64url(value);
    const size = decoded?.length ?? 0;
    if (!decoded || (bounds.exact !== undefined && size !== bounds.exact) || size < (bounds.min ?? 1) || size > (bounds.max ?? Infinity)) {
      const what = bounds.exact !== undefined ? `exactly ${bounds.exact} bytes` : `${bounds.min ?? 1} to ${bounds.max} bytes`;
      ctx.addIssue({ code: 'custom', message: `base64url without padding of ${what}` });
      return z.NEVER;
    }
    return decoded;
  });

const secret32 = bytes({ exact: 32 });

// Building a zod schema compiles it: once per limits object, not once per request.
const createSchemas = new WeakMap<LinkLimits, ReturnType<typeof buildCreateSchema>>();

function createSchema(limits: LinkLimits) {
  let schema = createSchemas.get(limits);
  if (!schema) {
    schema = buildCreateSchema(limits);
    createSchemas.set(limits, schema);
  }
  return schema;
}

export function buildCreateSchema(limits: LinkLimits) {
  return z
    .object({
      ciphertext: bytes({ min: 1, max: limits.maxCiphertextBytes }),
      algorithm: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ - (1 to 64)'),
      accessVerifier: secret32,
      keyMode: z.enum(KEY_MODES),
      ttlSeconds: z.number().int().min(MIN_TTL_SECONDS).max(limits.maxTtlSeconds).default(limits.defaultTtlSeconds),
      maxViews: z.number().int().min(1).max(limits.maxViews).default(1),
      messageId: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'letters, digits, . _ : - (1 to 128)').optional(),
      escrow: z
        .object({
          keyId: z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'letters, digits, . _ : - (1 to 64)'),
          envelope: bytes({ min: 1, max: MAX_ESCROW_ENVELOPE_BYTES }),
        })
        .strict()
        .optional(),
    })
    .strict();
}

/**
 * Parses POST /v1/links. An oversize ciphertext is a 413 (checked on the encoded length first,
 * so it is never decoded); anything else wrong is a 400 naming the fields, never their values.
 */
export function parseCreateLink(body: unknown, limits: LinkLimits): CreateLinkRequest {
  const ciphertext = (body as { ciphertext?: unknown } | null)?.ciphertext;
  if (typeof ciphertext === 'string' && decodedLength(ciphertext.length) > limits.maxCiphertextBytes) throw payloadTooLarge(limits.maxCiphertextBytes);
  const parsed = createSchema(limits).safeParse(body ?? {});
  if (!parsed.success) throw invalidLinkRequest(fieldErrors(parsed.error.issues));
  const { escrow, messageId, ...rest } = parsed.data;
  return { ...rest, messageId, escrow };
}

export const claimSchema = z.object({ claimSecret: secret32 }).strict();

/**
 * The claim secret of a claim (body) or holder revoke (body or X-Claim-Secret): undefined when
 * absent, a 400 when malformed. Checked before any lookup, so a 400 says nothing about the link.
 */
export function parseClaimSecret(body: unknown, header?: string | string[]): Buffer | undefined {
  const fromHeader = typeof header === 'string' ? header.trim() : undefined;
  const hasBody = typeof body === 'object' && body !== null && Object.keys(body).length > 0;
  if (fromHeader === undefined && !hasBody) return undefined;
  const parsed = claimSchema.safeParse(fromHeader === undefined ? body : { claimSecret: fromHeader });
  if (!parsed.success) throw invalidLinkRequest(fieldErrors(parsed.error.issues));
  return parsed.data.claimSecret;
}

/** The body of POST /v1/links/:id/claim: `{ claimSecret }`, required. */
export function parseClaim(body: unknown): Buffer {
  const parsed = claimSchema.safeParse(body ?? {});
  if (!parsed.success) throw invalidLinkRequest(fieldErrors(parsed.error.issues));
  return parsed.data.claimSecret;
}
