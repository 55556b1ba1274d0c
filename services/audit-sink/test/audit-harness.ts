import { Global, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DatabaseModule } from '@switchback/persistence';
import { type Clock, CONFIG } from '@switchback/runtime';
import { testEnv, uniqueName } from '@switchback/testing';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { AuditConsumer } from '../src/audit/audit.consumer';
import { AuditLog } from '../src/audit/audit-log';
import { AuditModule } from '../src/audit/audit.module';
import type { AuditEntry } from '../src/chain/audit-entry';
import { AuditChainStore } from '../src/chain/audit-chain.store';
import { CheckpointSigner, generateSigningKeySeed } from '../src/chain/checkpoint-signer';
import { CheckpointService } from '../src/checkpoint/checkpoint.service';
import { auditSinkConfigSchema, type AuditSinkConfig } from '../src/config/audit-sink.config';
import { auditMigrations } from '../src/database/audit-migrations';
import { PartitionManager } from '../src/retention/partition-manager';

const ROOT = path.resolve(__dirname, '../../..');

/** A settable clock: tests move it to write rows into old months. */
export class TestClock implements Clock {
  constructor(public at = Date.now()) {}
  now(): number {
    return this.at;
  }
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real sbctl (from source) against a schema, as an operator would. */
export function sbctl(schema: string, args: readonly string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['-r', '@swc-node/register', 'tools/sbctl/src/main.ts', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: testEnv.databaseUrl, DATABASE_SCHEMA: schema, TZ: 'UTC' }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout: stdout.trim(), stderr: stderr.trim() });
    });
  });
}

/** The operator token of every harness (AUDIT_OPERATOR_TOKENS): the checkpoint API takes no other. */
export const OPERATOR_TOKEN = 'auditor-int-test-token-0123456789';
export const operatorAuth = { authorization: `Bearer ${OPERATOR_TOKEN}` };

export interface AuditHarness {
  readonly schema: string;
  readonly config: AuditSinkConfig;
  readonly app: INestApplication;
  readonly base: string;
  readonly publicKey: string;
  readonly log: AuditLog;
  readonly store: AuditChainStore;
  readonly consumer: AuditConsumer;
  readonly checkpoints: CheckpointService;
  readonly partitions: PartitionManager;
  /** A superuser session on the schema (the tamperer, and the asserter). */
  readonly db: Client;
  verify(...args: string[]): Promise<CliResult>;
  /** verify with this instance's public key pinned (--public-key). */
  verifyPinned(...args: string[]): Promise<CliResult>;
  close(): Promise<void>;
}

/** The audit module on its own schema of the real Postgres (no Kafka: consumers are called directly). */
export async function startAudit(label: string, env: Record<string, string> = {}, clock: Clock = new TestClock(), schema = uniqueName(label).replace(/-/g, '_')): Promise<AuditHarness> {
  const config = auditSinkConfigSchema.parse({
    IDENTIFIER_HASH_KEY: 'an-int-test-key-0123456789',
    AUDIT_SIGNING_KEY: generateSigningKeySeed(),
    DATABASE_URL: testEnv.databaseUrl,
    DATABASE_SCHEMA: schema,
    LOG_LEVEL: 'silent',
    AUDIT_CHECKPOINT_INTERVAL_MS: '3600000',
    AUDIT_OPERATOR_TOKENS: `auditor:${OPERATOR_TOKEN}`,
    ...env,
  });

  @Global()
  @Module({ providers: [{ provide: CONFIG, useValue: config }], exports: [CONFIG] })
  class TestConfigModule {}

  @Module({ imports: [TestConfigModule, DatabaseModule.forRoot({ url: config.DATABASE_URL, schema, entities: [], migrations: auditMigrations }), AuditModule.register(clock)] })
  class TestAuditModule {}

  const app = await NestFactory.create(TestAuditModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const base = await app.getUrl();
  const db = new Client({ connectionString: testEnv.databaseUrl, options: `-c search_path=${schema}` });
  await db.connect();
  const publicKey = app.get(CheckpointSigner).publicKey.toString('base64');
  return {
    schema,
    config,
    app,
    base,
    publicKey,
    log: app.get(AuditLog),
    store: app.get(AuditChainStore),
    consumer: app.get(AuditConsumer),
    checkpoints: app.get(CheckpointService),
    partitions: app.get(PartitionManager),
    db,
    verify: (...args) => sbctl(schema, ['audit', 'verify', ...args]),
    verifyPinned: (...args) => sbctl(schema, ['audit', 'verify', '--public-key', publicKey, ...args]),
    close: async () => {
      await app.close();
      await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await db.end();
    },
  };
}

/** A plain entry; n makes it unique. */
export function entry(n: number | string, more: Partial<AuditEntry> = {}): AuditEntry {
  return {
    eventKey: `outcome:m-${n}`,
    eventType: 'delivery_outcome',
    messageId: `m-${n}`,
    tenantId: 'acme',
    recipientHash: 'k1:Zm9vYmFy',
    channel: 'sms',
    outcome: 'delivered',
    fallbackReason: null,
    detail: { leg: 1, reason: '', nested: { z: 1, a: [2, { y: 'x', b: null }] } },
    occurredAt: new Date(1_763_900_000_000),
    ...more,
  };
}

/** Runs SQL past the append-only trigger, as a superuser could (replica mode skips ordinary triggers). */
export async function asSuperuserBypassingTriggers(db: Client, sql: string, params: unknown[] = []): Promise<void> {
  await db.query('BEGIN');
  await db.query('SET LOCAL session_replication_role = replica');
  await db.query(sql, params);
  await db.query('COMMIT');
}

/**
 * Runs `work` as a login role holding exactly the grants services/audit-sink/README.md gives the
 * service's role (not the owner): what someone with the service's credentials can do.
 */
export async function asServiceRole<T>(audit: AuditHarness, work: (app: Client, role: string) => Promise<T>): Promise<T> {
  const role = uniqueName('audit_app').replace(/-/g, '_');
  await audit.db.query(`CREATE ROLE ${role} LOGIN`);
  try {
    await audit.db.query(`GRANT USAGE ON SCHEMA "${audit.schema}" TO ${role}`);
    await audit.db.query(`GRANT SELECT, INSERT ON audit_events, audit_event_keys, audit_checkpoints TO ${role}`);
    await audit.db.query(`GRANT SELECT ON audit_legal_holds, audit_retention TO ${role}`);
    await audit.db.query(`GRANT USAGE ON SEQUENCE audit_checkpoints_id_seq TO ${role}`);
    await audit.db.query(`GRANT EXECUTE ON FUNCTION audit_drop_partition(date) TO ${role}`);
    const url = new URL(audit.config.DATABASE_URL);
    url.username = role;
    url.password = '';
    const app = new Client({ connectionString: url.toString(), options: `-c search_path=${audit.schema}` });
    await app.connect();
    try {
      return await work(app, role);
    } finally {
      await app.end();
    }
  } finally {
    await audit.db.query(`DROP OWNED BY ${role}`);
    await audit.db.query(`DROP ROLE ${role}`);
  }
}
