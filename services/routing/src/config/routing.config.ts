import { busEnvelopeConfig, credentialList, kafkaConfig, keyList, loadConfig, postgresConfig, scopedCredentialList, serviceConfig, identifierHashConfig } from '@switchback/config';
import { circuitKeyPrefix } from '@switchback/circuit';
import { CONNECTOR_REGIONS } from '@switchback/contracts';
import { z } from 'zod';

export interface AdminToken {
  readonly actor: string;
  /** The tenant the token acts for, or `*`: every tenant. */
  readonly scope: string;
  readonly token: string;
}

/**
 * ADMIN_TOKENS="alice@acme:token1,ops@*:token2": the admin API's bearer tokens, who holds each
 * and which tenant it may touch (`*`: every tenant). An entry without `@scope` stops boot.
 */
const adminTokens = scopedCredentialList('actor', { allowGlobal: true }).transform((entries): AdminToken[] => entries.map(({ holder, scope, secret }) => ({ actor: holder, scope, token: secret })));

/** CAPABILITY_API_KEY: routing's bearer token on capability-discovery (one of its CAPABILITY_API_KEYS). */
const capabilityApiKey = z
  .string()
  .default('')
  .refine((value) => value === '' || value.trim().length >= 16, 'at least 16 characters (one of capability-discovery\'s CAPABILITY_API_KEYS)');

export interface TenantApiKey {
  readonly tenantId: string;
  readonly key: string;
}

/** TENANT_API_KEYS="acme:key1,globex:key2": the ingress API's bearer keys and whose each is. */
const tenantApiKeys = credentialList('tenantId', 'key');

/** HOLD_ENCRYPTION_KEY: base64 of exactly 32 bytes (never echoed: it is a secret). */
const holdKey = z
  .string({ error: 'required: the base64 of 32 random bytes (blocked messages are held under it)' })
  .transform((value, ctx): Buffer => {
    const key = Buffer.from(value.trim(), 'base64');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value.trim()) || key.length !== 32) {
      ctx.addIssue({ code: 'custom', message: 'must be the base64 of exactly 32 random bytes' });
      return z.NEVER;
    }
    return key;
  });

/** HOLD_PREVIOUS_KEYS="h1:<base64>,h0:<base64>": rotated-out keys, kept to open older holds only. */
const previousHoldKeys = keyList('keyId');

/** A purpose's keys "id2:<base64>,id1:<base64>": the first makes new digests, all verify. Required. */
const purposeKeys = (what: string) =>
  keyList('keyId').refine((keys) => keys.length > 0, `required: keyId:<base64 of 32 random bytes>, the current key first (${what})`);

/** A comma-separated list of connector regions (EU, US, ASIA, GLOBAL), at least one. */
const connectorRegions = z
  .string()
  .transform((value) => value.split(',').map((region) => region.trim()).filter((region) => region !== ''))
  .pipe(z.array(z.enum(CONNECTOR_REGIONS)).min(1, 'at least one of EU, US, ASIA, GLOBAL'));

export const routingConfigSchema = z.object({
  ...serviceConfig.shape,
  ...identifierHashConfig.shape,
  ...kafkaConfig.shape,
  // Opens and seals the personal fields on the bus: this service needs their plaintext.
  ...busEnvelopeConfig.shape,
  ...postgresConfig.shape,
  SERVICE_NAME: z.string().default('routing'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3102),
  // The regions the gateways' connectors serve (rcs-gateway RBM_HUBS / HUB_REGION, smpp-gateway
  // SMPP_CONNECTORS / SMPP_REGION), comma-separated: a policy whose residency no connector serves
  // is refused. Keep them in step with the gateways' config.
  RCS_CONNECTOR_REGIONS: connectorRegions.default(['GLOBAL']),
  SMS_CONNECTOR_REGIONS: connectorRegions.default(['GLOBAL']),
  // Carrier-side time to live of an RCS leg before it counts as expired.
  RCS_TTL_SECONDS: z.coerce.number().int().min(10).max(172_800).default(300),
  // Empty (the default) leaves the admin API closed: every request gets 401.
  ADMIN_TOKENS: adminTokens,
  // The admin API (policies, producer keys, overrides) listens here only, never on HTTP_PORT, so
  // a deployment can expose the public port alone. Loopback by default (reach it by port-forward).
  ADMIN_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3112),
  ADMIN_HTTP_HOST: z.string().default('127.0.0.1'),
  // How long a tenant policy is cached in-process: a change applies everywhere within this.
  POLICY_CACHE_TTL_MS: z.coerce.number().int().min(0).max(300_000).default(5_000),
  // Empty (the default) leaves the producer ingress closed: every request gets 401.
  TENANT_API_KEYS: tenantApiKeys,
  // capability-discovery's HTTP API, asked for every send and dry run (its local default port).
  CAPABILITY_BASE_URL: z.url().default('http://127.0.0.1:3101'),
  // Presented as a bearer token on every capability lookup; capability-discovery refuses lookups without one.
  CAPABILITY_API_KEY: capabilityApiKey,
  // Tenants whose producers may publish unsigned send requests (off for every tenant by default):
  // a migration aid, not a mode to stay in. Anyone who can write to the topic can send for them.
  UNSIGNED_PRODUCER_TENANTS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean)),
  // Tenants whose producers may publish without the tenant's key, in clear, on
  // sb.send.requested.plaintext (kept one hour); routing seals each one at once. Empty: none.
  PLAINTEXT_PRODUCER_TENANTS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean)),
  // A send request signed longer ago than this is refused on first delivery (replays); keep it
  // above the longest consumer lag you must absorb (an outage's backlog).
  SIGNED_EVENT_MAX_AGE_S: z.coerce.number().int().min(60).max(30 * 86_400).default(86_400),
  // How long a producer key (or its absence) is cached: a revocation applies within this.
  PRODUCER_KEY_CACHE_MS: z.coerce.number().int().min(0).max(300_000).default(5_000),
  // A lookup unanswered this long is retried through the bus's retry tiers (a dry run shows the guess).
  CAPABILITY_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(3_000),
  // payload-store's link API: secure links are encrypted here and only ciphertext goes there.
  PAYLOAD_STORE_URL: z.url().default('http://127.0.0.1:3105'),
  // tenant:key pairs matching payload-store's LINK_API_KEYS; a tenant without one gets FAILED links.
  PAYLOAD_STORE_API_KEYS: tenantApiKeys,
  PAYLOAD_STORE_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(3_000),
  // AES-256-GCM key of held (blocked) messages: without it routing could not fail closed safely.
  HOLD_ENCRYPTION_KEY: holdKey,
  // Stored on each held row, so the key can rotate while old rows stay identifiable.
  HOLD_ENCRYPTION_KEY_ID: z.string().regex(/^[A-Za-z0-9._-]{1,32}$/, 'letters, digits, . _ - (1 to 32)').default('h1'),
  // Rotation: the keys this one replaced, to open holds sealed before the rotation (decrypt only).
  HOLD_PREVIOUS_KEYS: previousHoldKeys,
  // An Idempotency-Key still in progress after this is stranded (its instance died mid-publish):
  // a replay takes it over and republishes under the same message id.
  INGRESS_STALE_AFTER_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  // How long Idempotency-Keys are remembered (producers retry within this).
  IDEMPOTENCY_KEY_TTL_S: z.coerce.number().int().min(3_600).max(30 * 86_400).default(86_400),
  // HMAC keys of the stored Idempotency-Key body hashes (never a plain SHA-256 of number and
  // text, which a dictionary of codes reverses). Keep an old id IDEMPOTENCY_KEY_TTL_S after rotation.
  IDEMPOTENCY_BODY_KEYS: purposeKeys('the idempotency body hashes'),
  // Master keys of the per-tenant content-fingerprint keys (decision events, audit rows): each
  // tenant's key is derived from the master and a random seed in content_fingerprint_keys, so
  // destroying that row makes the tenant's fingerprints unverifiable (crypto-shredding).
  CONTENT_FINGERPRINT_KEYS: purposeKeys('the content fingerprints'),
  // How long a tenant's fingerprint seed is cached in-process: a destroyed seed may still be used this long.
  CONTENT_FINGERPRINT_CACHE_S: z.coerce.number().int().min(0).max(3_600).default(300),
  // Delivery outcomes whose decision never arrived are dropped after this.
  ORPHAN_LEG_TTL_S: z.coerce.number().int().min(3_600).max(90 * 86_400).default(7 * 86_400),
  INGRESS_MAINTENANCE_INTERVAL_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(60_000),
  // How often expired holds are deleted (their content wiped, an EXPIRED decision published).
  HOLD_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  // How often legs past their delivery deadline are revoked and unannounced terminals republished.
  LIFECYCLE_SWEEP_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(2_000),
  // The outbox relay: how often it looks, and how old a row must be before it publishes it
  // (younger rows are still being published by the transaction that wrote them).
  OUTBOX_RELAY_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(1_000),
  OUTBOX_RELAY_AFTER_MS: z.coerce.number().int().min(100).max(3_600_000).default(5_000),
  // A revoke the gateway has not answered within this is sent again.
  REVOKE_RETRY_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  // A terminal state committed but not announced after this (the instance died) is republished.
  TERMINAL_REPUBLISH_AFTER_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
  // A message with no final outcome this long after dispatch ends EXPIRED (no_final_outcome) and
  // its sealed send is deleted: the SMSC's receipt window (3 days) by default.
  LIFECYCLE_MAX_AGE_S: z.coerce.number().int().min(60).max(30 * 86_400).default(259_200),
  // Ended lifecycles (metadata only: their sealed send went at the end) and their legs are
  // deleted this long after the end was announced, by the maintenance sweep in bounded batches.
  // How often the bus's data keys past LIFECYCLE_MAX_AGE_S are destroyed (crypto-shredding).
  BUS_ENVELOPE_SHRED_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  LIFECYCLE_RETENTION_DAYS: z.coerce.number().int().min(1).max(400).default(31),
  // How long the open/closed answer of the channel circuits is reused (the hot path asks per send).
  CIRCUIT_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  // Where the gateways flag a channel whose every path has an open breaker (@switchback/circuit).
  REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
  // Prefix of those flags (+ RCS, SMS, RCS_E2EE); the gateways' default. Tests isolate themselves with their own.
  CIRCUIT_KEY_PREFIX: circuitKeyPrefix,
});

export type RoutingConfig = z.infer<typeof routingConfigSchema>;

export const loadRoutingConfig = (): RoutingConfig => loadConfig(routingConfigSchema);
