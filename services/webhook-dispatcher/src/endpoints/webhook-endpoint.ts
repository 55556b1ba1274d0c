import type { WebhookEventType } from '../webhooks/webhook-event';

/** An endpoint as the tenant sees it (never its secrets). */
export interface WebhookEndpointView {
  readonly id: string;
  readonly url: string;
  readonly eventTypes: readonly WebhookEventType[];
  readonly enabled: boolean;
  readonly disabledReason: string | null;
  readonly failingSince: string | null;
  readonly previousSecretUntil: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** An endpoint as the dispatcher uses it: the secrets that sign, current first. */
export interface DeliveryTarget {
  readonly tenantId: string;
  readonly id: string;
  readonly url: string;
  readonly secrets: readonly string[];
  readonly failingSince: number | null;
}

export type DisableReason = 'gone' | 'failing';
