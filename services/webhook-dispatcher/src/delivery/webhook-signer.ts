import { Webhook } from 'standardwebhooks';
import { webhookBody, type WebhookEvent } from '../webhooks/webhook-event';

/**
 * Standard Webhooks headers for one event: one `v1,` signature per secret, space-separated, so
 * during a rotation's overlap receivers holding either the old or the new secret verify it.
 */
export function signedRequest(event: WebhookEvent, secrets: readonly string[], now: Date): { headers: Record<string, string>; body: string } {
  const body = webhookBody(event);
  const signature = secrets.map((secret) => new Webhook(secret).sign(event.id, now, body)).join(' ');
  return { body, headers: { 'webhook-id': event.id, 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': signature } };
}
