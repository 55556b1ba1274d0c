import { ProblemException, problemType } from '@switchback/runtime';
import { z } from 'zod';
import type { TargetPolicy } from './target-policy';
import { isWebhookEventType, WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../webhooks/webhook-event';

export interface EndpointRules {
  readonly development: boolean;
  readonly policy: TargetPolicy;
}

export interface EndpointRequest {
  readonly url: string;
  readonly eventTypes: readonly WebhookEventType[];
}

const bodySchema = z.object({
  url: z.string().min(1).max(2_048),
  eventTypes: z.array(z.string()).min(1).max(WEBHOOK_EVENT_TYPES.length),
});

const rotateSchema = z.object({ overlapSeconds: z.number().int().min(0).max(7 * 24 * 3_600).default(24 * 3_600) });

const invalid = (field: string, message: string): ProblemException =>
  new ProblemException({ type: problemType('invalid-webhook-endpoint'), title: 'Invalid webhook endpoint', status: 400, detail: message, errors: [{ field, message }] });

export const ENDPOINT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A PUT body: an absolute https URL (http in development) to an allowed host, and known event types. */
export function parseEndpointRequest(body: unknown, rules: EndpointRules): EndpointRequest {
  const parsed = bodySchema.safeParse(body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(issue?.path.join('.') || 'body', issue?.message ?? 'invalid body');
  }
  let url: URL;
  try {
    url = new URL(parsed.data.url);
  } catch {
    throw invalid('url', 'not an absolute URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && rules.development)) throw invalid('url', 'must be https:// (http:// only in development)');
  if (url.username || url.password) throw invalid('url', 'must not carry credentials');
  if (url.hash) throw invalid('url', 'must not have a fragment');
  if (!rules.policy.allowsHost(url.hostname)) throw invalid('url', 'the host is a private, loopback or link-local address');
  const unknown = parsed.data.eventTypes.filter((type) => !isWebhookEventType(type));
  if (unknown.length > 0) throw invalid('eventTypes', `unknown event types: ${unknown.join(', ')} (known: ${WEBHOOK_EVENT_TYPES.join(', ')})`);
  return { url: url.toString(), eventTypes: [...new Set(parsed.data.eventTypes as WebhookEventType[])] };
}

export function parseRotateRequest(body: unknown): { overlapSeconds: number } {
  const parsed = rotateSchema.safeParse(body ?? {});
  if (!parsed.success) throw invalid('overlapSeconds', parsed.error.issues[0]?.message ?? 'invalid');
  return parsed.data;
}
