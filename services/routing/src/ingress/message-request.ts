import { create, SendRequestedSchema, Sensitivity, TrafficType, type SendRequested } from '@switchback/contracts';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { fieldErrors, invalidMessage } from './ingress-problems';

const TRAFFIC = { otp: TrafficType.OTP, transactional: TrafficType.TRANSACTIONAL, alert: TrafficType.ALERT, promotional: TrafficType.PROMOTIONAL } as const;

/** The body of POST /v1/messages (and of its dry run). */
export const messageRequestSchema = z
  .object({
    to: z.string().regex(/^\+[1-9][0-9]{6,14}$/, 'expected an E.164 number such as +447700900123'),
    text: z.string().min(1).max(4096),
    trafficType: z.enum(['otp', 'transactional', 'alert', 'promotional']).optional(),
    labels: z.array(z.string().min(1).max(64)).max(10).optional(),
    sensitive: z.boolean().optional(),
  })
  .strict();

export type MessageRequest = z.infer<typeof messageRequestSchema>;

/** Parses a body or throws a 400 problem naming the bad fields (never echoing their values). */
export function parseMessageRequest(body: unknown): MessageRequest {
  const parsed = messageRequestSchema.safeParse(body);
  if (!parsed.success) throw invalidMessage(fieldErrors(parsed.error.issues));
  return parsed.data;
}

/** Idempotency-Key: required, 1..128 visible ASCII characters. */
export function parseIdempotencyKey(header: string | string[] | undefined): string {
  if (typeof header !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(header)) {
    throw invalidMessage([{ field: 'Idempotency-Key', message: 'header required: 1 to 128 visible ASCII characters' }]);
  }
  return header;
}

/**
 * SHA-256 of the body in a canonical form (fixed key order, defaults filled in). Never stored as
 * it is: number and text are guessable (a code to a known number is 10^6 tries), so the stored
 * form is IdempotencyBodyHasher's HMAC of this digest.
 */
export function bodyDigest(request: MessageRequest): string {
  const canonical = JSON.stringify([request.to, request.text, request.trafficType ?? null, request.labels ?? [], request.sensitive ?? false]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** The send as the pipeline sees it; the tenant comes from the API key, never the body. */
export function toSendRequested(request: MessageRequest, tenantId: string, messageId: string, nowMs: number): SendRequested {
  return create(SendRequestedSchema, {
    messageId,
    tenantId,
    recipient: request.to,
    content: { text: request.text },
    sensitivity: request.sensitive ? Sensitivity.SENSITIVE : Sensitivity.NORMAL,
    trafficType: request.trafficType ? TRAFFIC[request.trafficType] : TrafficType.UNSPECIFIED,
    requestedAtMs: BigInt(nowMs),
    labels: request.labels ?? [],
  });
}
