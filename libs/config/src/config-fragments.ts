import { z } from 'zod';
import { keyList } from './key-list';

/** Comma-separated list, e.g. KAFKA_BROKERS=127.0.0.1:9092,127.0.0.1:9094. */
const csv = z
  .string()
  .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean))
  .pipe(z.array(z.string()).min(1));

const port = z.coerce.number().int().min(0).max(65535);

/** Fragments shared by the services; each service composes its schema from these. */
export const serviceConfig = z.object({
  SERVICE_NAME: z.string().min(1),
  HTTP_PORT: port,
  HTTP_HOST: z.string().default('127.0.0.1'),
  // Slow clients (slow-loris): a request's headers must arrive within this many ms, the whole
  // request within HTTP_REQUEST_TIMEOUT_MS; Node's defaults (60 s, 300 s) let a few hundred
  // dripping sockets hold a pod's connections.
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/**
 * The key of the keyed hashes of recipients in telemetry and audit rows (HMAC-SHA256), for the
 * services that hash numbers (all but audit-sink, which only stores the hashes it is sent: it
 * reads IDENTIFIER_HASH_KEY_ID alone and can never compute a recipient hash).
 */
export const identifierHashConfig = z.object({
  IDENTIFIER_HASH_KEY: z.string().min(16, 'must be at least 16 characters'),
  IDENTIFIER_HASH_KEY_ID: z.string().min(1).default('k1'),
});

export type IdentifierHashConfig = z.infer<typeof identifierHashConfig>;

export const kafkaConfig = z.object({
  KAFKA_BROKERS: csv.default(['127.0.0.1:9092']),
  // The service's own broker login (SASL): its principal gets ACLs for its topics and groups
  // only. Unset user: no SASL, for a broker that authenticates otherwise (mTLS at a mesh).
  KAFKA_SASL_MECHANISM: z.enum(['scram-sha-512', 'scram-sha-256', 'plain']).default('scram-sha-512'),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
  // Or the password in a file (a mounted Secret, compose's /run/secrets/...).
  KAFKA_SASL_PASSWORD_FILE: z.string().min(1).optional(),
  // Prefix for every topic name: lets tests and tenants of a shared broker isolate themselves.
  KAFKA_TOPIC_PREFIX: z.string().regex(/^[a-zA-Z0-9._-]*$/, 'letters, digits, . _ - only').default(''),
  // Delays of the retry tiers, in ms; their count is the number of retries before dead-letter.
  BUS_RETRY_DELAYS_MS: csv
    .default(['1000', '10000', '60000'])
    .transform((items) => items.map(Number))
    .pipe(z.array(z.number().int().min(0).max(24 * 3600 * 1000)).min(1).max(10)),
  // Partitions one consumer works on at once (ordering holds within a partition).
  BUS_PARTITIONS_CONCURRENTLY: z.coerce.number().int().min(1).max(64).default(6),
  // Keys (recipients) worked on at once within a partition; each key stays in order.
  BUS_KEY_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  // How often consumers commit processed offsets, in ms (not after every batch: at a few
  // messages per batch that was a broker write per message). A crash re-reads at most this much.
  BUS_COMMIT_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(100),
  // How often each service samples its consumer lag for /metrics, in ms; 0 turns it off.
  BUS_LAG_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(15_000),
});

export const postgresConfig = z.object({
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/switchback'),
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a lower-case SQL identifier').default('public'),
  // run: create the schema and apply pending migrations at boot (local dev, tests, compose).
  // verify: only check that every migration is applied (the Helm hook job ran them as the owner
  // role), so the service's role needs no CREATE; boot stops naming any pending migration.
  DATABASE_MIGRATIONS: z.enum(['run', 'verify']).default('run'),
  // Connections in the service's pg pool. Size it to the handlers that hold one at once
  // (BUS_PARTITIONS_CONCURRENTLY × BUS_KEY_CONCURRENCY at most) against Postgres' max_connections.
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
});

export const redisConfig = z.object({
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  REDIS_KEY_PREFIX: z.string().default('sb:'),
});

export const httpClientConfig = z.object({
  HTTP_CLIENT_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(2_000),
});

/**
 * Envelope encryption of the bus's personal fields (@switchback/envelope). Only the services
 * that need plaintext compose this fragment (routing and the gateways): the others cannot read
 * these variables even when they are set, so they can never unwrap a data key.
 */
export const busEnvelopeConfig = z.object({
  // Empty leaves the bus in plaintext (development only: the Helm chart requires it). The first
  // key wraps new data keys; the others only unwrap older ones (rotation).
  BUS_ENVELOPE_KEKS: keyList('kekId'),
  // Where the wrapped data keys live: one schema every sealing or opening service shares.
  BUS_ENVELOPE_DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/switchback'),
  BUS_ENVELOPE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case SQL identifier').default('bus_keys'),
  // run: create the key table at boot; verify: a deployment job created it (no CREATE right).
  BUS_ENVELOPE_MIGRATIONS: z.enum(['run', 'verify']).default('run'),
  // One data key per tenant per bucket: shredding destroys whole buckets.
  BUS_ENVELOPE_BUCKET_S: z.coerce.number().int().min(60).max(86_400).default(3_600),
  // How long an unwrapped data key stays in memory: a shredded key may still open this long.
  BUS_ENVELOPE_CACHE_S: z.coerce.number().int().min(1).max(3_600).default(300),
  BUS_ENVELOPE_MAX_FIELD_BYTES: z.coerce.number().int().min(1_024).max(1_048_576).default(65_536),
});

export type BusEnvelopeConfig = z.infer<typeof busEnvelopeConfig>;
