import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateHeldMessages1764300000000 implements MigrationInterface {
  name = 'CreateHeldMessages1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE held_messages (
        tenant_id text NOT NULL,
        message_id text NOT NULL,
        key_id text NOT NULL,
        recipient_ciphertext bytea,
        content_ciphertext bytea,
        recipient_hash text NOT NULL,
        content_fingerprint text NOT NULL,
        traffic_type smallint NOT NULL,
        labels text[] NOT NULL,
        requested_at_ms bigint NOT NULL,
        capability bytea,
        sensitivity smallint NOT NULL,
        detector_ids text[] NOT NULL,
        fallback_reason smallint NOT NULL,
        policy_version integer NOT NULL,
        held_at timestamptz NOT NULL,
        hold_expires_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('held', 'released', 'expired')),
        actor text,
        override_reason text,
        resolved_at timestamptz,
        PRIMARY KEY (tenant_id, message_id),
        -- Content exists only while held (a release may still be dispatching it).
        CHECK (status <> 'expired' OR (recipient_ciphertext IS NULL AND content_ciphertext IS NULL))
      )`);
    // The sweeper's scan: only rows still held, oldest deadline first.
    await queryRunner.query(`CREATE INDEX held_messages_expiry ON held_messages (hold_expires_at) WHERE status = 'held'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE held_messages');
  }
}
