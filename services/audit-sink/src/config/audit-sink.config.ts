import { credentialList, kafkaConfig, loadConfig, postgresConfig, serviceConfig, identifierHashConfig } from '@switchback/config';
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { parseSigningKey } from '../chain/checkpoint-signer';

/** AUDIT_SIGNING_KEY: Ed25519, PKCS#8 PEM or base64 seed (never echoed: it is a secret). */
const signingKey = z
  .string({ error: 'required: an Ed25519 private key (PKCS#8 PEM or the base64 of a 32-byte seed) that signs audit checkpoints' })
  .transform((value, ctx): KeyObject => {
    try {
      return parseSigningKey(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : 'not a usable Ed25519 key' });
      return z.NEVER;
    }
  });

const keyId = z.string().regex(/^[A-Za-z0-9._-]{1,32}$/, 'letters, digits, . _ - (1 to 32)');

export const auditSinkConfigSchema = z.object({
  ...serviceConfig.shape,
  // Only the id: audit-sink stores the recipient hashes it is sent and never computes one, so it
  // is not given IDENTIFIER_HASH_KEY (and would not read it). The id names legacy unprefixed hashes.
  IDENTIFIER_HASH_KEY_ID: identifierHashConfig.shape.IDENTIFIER_HASH_KEY_ID,
  ...kafkaConfig.shape,
  ...postgresConfig.shape,
  SERVICE_NAME: z.string().default('audit-sink'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3106),
  // Signs checkpoints of the hash chain: without it the log could be rewritten unnoticed, so no boot.
  AUDIT_SIGNING_KEY: signingKey,
  AUDIT_SIGNING_KEY_ID: keyId.default('a1'),
  // Operators who may read and trigger checkpoints (GET …/latest, POST /v1/audit/checkpoints):
  // "actor:token,..."; empty (the default) leaves that API closed (401).
  AUDIT_OPERATOR_TOKENS: credentialList('actor', 'token'),
  // How often a signed checkpoint of the chain head is written (only when the head moved).
  AUDIT_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(60_000),
  // The witness: each checkpoint is also appended as a JSON line to <dir>/audit-checkpoints.jsonl.
  AUDIT_CHECKPOINT_DIR: z.string().default(''),
  // Appends are batched into one transaction: up to this many rows, waiting at most this long.
  AUDIT_BATCH_MAX: z.coerce.number().int().min(1).max(1_000).default(200),
  AUDIT_BATCH_DELAY_MS: z.coerce.number().int().min(0).max(1_000).default(5),
  // Monthly partitions older than this are dropped (unless under a legal hold); 0 keeps all.
  AUDIT_RETENTION_MONTHS: z.coerce.number().int().min(0).max(1_200).default(0),
  AUDIT_PARTITION_CHECK_INTERVAL_MS: z.coerce.number().int().min(1_000).default(86_400_000),
});

export type AuditSinkConfig = z.infer<typeof auditSinkConfigSchema>;

export const loadAuditSinkConfig = (): AuditSinkConfig => loadConfig(auditSinkConfigSchema);
