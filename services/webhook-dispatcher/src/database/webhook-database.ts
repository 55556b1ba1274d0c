import { CreateWebhookEndpoints1767100000000 } from './1767100000000-create-webhook-endpoints';

/** Everything webhook-dispatcher keeps in its own schema (plain SQL, no entities). */
export const webhookMigrations = [CreateWebhookEndpoints1767100000000];
