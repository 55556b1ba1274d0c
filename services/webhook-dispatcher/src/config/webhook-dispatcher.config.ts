import { credentialList, kafkaConfig, loadConfig, postgresConfig, serviceConfig } from '@switchback/config';
import { z } from 'zod';

/** What an endpoint may resolve to besides public addresses (tests and development: loopback). */
export const TARGET_CLASSES = ['loopback', 'private', 'link-local'] as const;
export type TargetClass = (typeof TARGET_CLASSES)[number];

/** WEBHOOK_SECRET_KEY: base64 of exactly 32 bytes; signing secrets are stored under it (AES-256-GCM). */
const secretKey = z
  .string({ error: 'required: the base64 of 32 random bytes (endpoint signing secrets are stored encrypted under it)' })
  .transform((value, ctx): Buffer => {
    const key = Buffer.from(value.trim(), 'base64');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value.trim()) || key.length !== 32) {
      ctx.addIssue({ code: 'custom', message: 'must be the base64 of exactly 32 random bytes' });
      return z.NEVER;
    }
    return key;
  });

const targetClasses = z
  .string()
  .default('')
  .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean))
  .pipe(z.array(z.enum(TARGET_CLASSES)));

export const webhookDispatcherConfigSchema = z.object({
  ...serviceConfig.shape,
  ...kafkaConfig.shape,
  ...postgresConfig.shape,
  SERVICE_NAME: z.string().default('webhook-dispatcher'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3107),
  // The same tenant bearer keys as routing's ingress: "acme:key1,globex:key2".
  TENANT_API_KEYS: credentialList('tenantId', 'key'),
  WEBHOOK_SECRET_KEY: secretKey,
  // development accepts http:// endpoint URLs; production (the default) answers them 400.
  WEBHOOK_ENVIRONMENT: z.enum(['production', 'development']).default('production'),
  // Address classes an endpoint may resolve to besides public ones: loopback, private, link-local.
  WEBHOOK_ALLOWED_TARGETS: targetClasses,
  // Per delivery: the whole request (connect, send, answer) and how much of the answer is read.
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(5_000),
  WEBHOOK_MAX_RESPONSE_BYTES: z.coerce.number().int().min(0).max(1_048_576).default(4_096),
  // Requests in flight to one endpoint per instance; more wait for the next retry tier.
  WEBHOOK_ENDPOINT_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  // An endpoint failing without a success for this long is disabled (and counted for the alert).
  WEBHOOK_DISABLE_AFTER_MS: z.coerce.number().int().min(1_000).default(5 * 24 * 3_600_000),
  // Endpoints per tenant.
  WEBHOOK_MAX_ENDPOINTS: z.coerce.number().int().min(1).max(100).default(10),
  // How long a delivered (endpoint, webhook id) is remembered: longer than the topics' retention.
  WEBHOOK_DELIVERY_RECORD_DAYS: z.coerce.number().int().min(1).max(90).default(8),
  WEBHOOK_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1_000).default(3_600_000),
});

export type WebhookDispatcherConfig = z.infer<typeof webhookDispatcherConfigSchema>;

export const loadWebhookDispatcherConfig = (): WebhookDispatcherConfig => loadConfig(webhookDispatcherConfigSchema);
