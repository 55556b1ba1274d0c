import { testEnv } from '@switchback/testing';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { routingConfigSchema, type RoutingConfig } from '../../src/config/routing.config';

/** routing's config for a test on the real broker and database, isolated under `name` (topics, groups, schema). */
export function routingTestConfig(name: string, overrides: Record<string, string> = {}): RoutingConfig {
  return routingConfigSchema.parse({
    IDENTIFIER_HASH_KEY: 'an-int-test-key-0123456789',
    HTTP_PORT: '0',
    LOG_LEVEL: 'silent',
    ...testEnv.kafkaEnv,
    KAFKA_TOPIC_PREFIX: `${name}.`,
    BUS_RETRY_DELAYS_MS: '200',
    DATABASE_URL: testEnv.databaseUrl,
    DATABASE_SCHEMA: name,
    HOLD_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    IDEMPOTENCY_BODY_KEYS: `i1:${randomBytes(32).toString('base64')}`,
    CONTENT_FINGERPRINT_KEYS: `f1:${randomBytes(32).toString('base64')}`,
    ...overrides,
  });
}

/** Drops the schema a test's routing created (its tables, its migrations). */
export async function dropTestSchema(name: string): Promise<void> {
  const db = new Client({ connectionString: testEnv.databaseUrl });
  await db.connect();
  try {
    await db.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
  } finally {
    await db.end();
  }
}
