import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each tenant's content-fingerprint seed: with the master key (CONTENT_FINGERPRINT_KEYS, never
 * stored here) it derives the key of the tenant's content fingerprints. Deleting a tenant's row
 * crypto-shreds its fingerprints in decision events and audit rows. One current seed per tenant.
 */
export class CreateContentFingerprintKeys1765800000000 implements MigrationInterface {
  name = 'CreateContentFingerprintKeys1765800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE content_fingerprint_keys (
        seed_id text PRIMARY KEY,
        tenant_id text NOT NULL UNIQUE,
        seed bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE content_fingerprint_keys');
  }
}
