import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The producer registry: each tenant's Ed25519 public keys, which sign its events on
 * sb.send.requested. Rotation is add-then-revoke; revoked keys stay (their id answers
 * "revoked", not "unknown"). tenant_id '*' marks routing's own HTTP-ingress keys.
 */
export class CreateProducerKeys1765000000000 implements MigrationInterface {
  name = 'CreateProducerKeys1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE producer_keys (
        key_id text PRIMARY KEY,
        tenant_id text NOT NULL,
        public_key bytea NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await queryRunner.query('CREATE INDEX producer_keys_tenant ON producer_keys (tenant_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE producer_keys');
  }
}
