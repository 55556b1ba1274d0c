import { createHash } from 'node:crypto';

/** Every event type an endpoint may subscribe to (metadata only: never text, link or number). */
export const WEBHOOK_EVENT_TYPES = [
  'message.accepted',
  'message.decided',
  'message.delivered',
  'message.read',
  'message.failed',
  'message.expired',
  'message.revoked',
  'message.terminal',
  'link.claimed',
  'link.expired',
  'hold.released',
  'hold.expired',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const isWebhookEventType = (value: string): value is WebhookEventType => (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);

/** One status callback, before it is signed for an endpoint. */
export interface WebhookEvent {
  /** Standard Webhooks `webhook-id`: derived from the source event, so a redelivery keeps it. */
  readonly id: string;
  readonly type: WebhookEventType;
  readonly tenantId: string;
  readonly messageId: string;
  readonly occurredAtMs: number;
  readonly data: Readonly<Record<string, string | number | null>>;
}

/**
 * A stable id from what makes the source event unique (never its offset or arrival time): the
 * same bus event, redelivered or retried, gives the same `webhook-id`, which receivers dedup on.
 */
export function webhookId(...parts: readonly (string | number)[]): string {
  return `msg_${createHash('sha256').update(parts.join('\u001f')).digest('base64url').slice(0, 32)}`;
}

/** The JSON body, in the Standard Webhooks shape `{type, timestamp, data}`. */
export function webhookBody(event: WebhookEvent): string {
  return JSON.stringify({ type: event.type, timestamp: new Date(event.occurredAtMs).toISOString(), data: { message_id: event.messageId, ...event.data } });
}
