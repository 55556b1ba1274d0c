import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ciphertext and the minimum to serve it once: nothing identifies the recipient, and the key
 * never reaches this table (it travels in the URL fragment, a passphrase, a code or a device
 * envelope). A burned, revoked or expired link is a deleted row.
 */
export class CreateSecureLinks1764500000000 implements MigrationInterface {
  name = 'CreateSecureLinks1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE secure_links (
        id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{22}$'),
        tenant_id text NOT NULL,
        message_id text,
        ciphertext bytea NOT NULL,
        algorithm text NOT NULL,
        key_mode text NOT NULL CHECK (key_mode IN ('fragment', 'passphrase', 'code', 'device')),
        access_verifier bytea NOT NULL CHECK (octet_length(access_verifier) = 32),
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        max_views integer NOT NULL DEFAULT 1 CHECK (max_views >= 1),
        views integer NOT NULL DEFAULT 0 CHECK (views >= 0 AND views < max_views),
        failed_claims integer NOT NULL DEFAULT 0 CHECK (failed_claims >= 0),
        escrow_envelope bytea,
        escrow_key_id text,
        CHECK ((escrow_envelope IS NULL) = (escrow_key_id IS NULL))
      )`);
    // The sweeper's scan, oldest deadline first.
    await queryRunner.query('CREATE INDEX secure_links_expires_at ON secure_links (expires_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE secure_links');
  }
}
