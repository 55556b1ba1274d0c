import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The delivery lifecycle: one row per dispatched message (its state, the send sealed while a
 * failover or revoke may still need it, the terminal outcome and whether it was announced) and
 * one per leg routing follows (state, delivery deadline, why it was dispatched).
 */
export class CreateMessageLifecycles1764700000000 implements MigrationInterface {
  name = 'CreateMessageLifecycles1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE message_lifecycles (
        message_id text PRIMARY KEY,
        tenant_id text NOT NULL,
        recipient_hash text NOT NULL,
        traffic_type text NOT NULL,
        state text NOT NULL,
        legs_dispatched integer NOT NULL,
        failovers integer NOT NULL DEFAULT 0,
        key_id text,
        send_ciphertext bytea,
        capability bytea,
        requested_at_ms bigint NOT NULL,
        created_at timestamptz NOT NULL,
        terminal_status text,
        terminal_leg integer,
        terminal_channel integer,
        terminal_reason text,
        terminal_at timestamptz,
        terminal_published_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX message_lifecycles_open ON message_lifecycles (created_at) WHERE state = 'dispatched'`);
    await queryRunner.query(`CREATE INDEX message_lifecycles_unannounced ON message_lifecycles (terminal_at) WHERE terminal_at IS NOT NULL AND terminal_published_at IS NULL`);
    await queryRunner.query(`
      CREATE TABLE lifecycle_legs (
        message_id text NOT NULL REFERENCES message_lifecycles (message_id) ON DELETE CASCADE,
        leg integer NOT NULL,
        channel integer NOT NULL,
        state text NOT NULL,
        fallback_reason integer NOT NULL DEFAULT 0,
        failover_from_leg integer NOT NULL DEFAULT 0,
        deadline_at timestamptz,
        revoke_reason text,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (message_id, leg)
      )`);
    await queryRunner.query(`CREATE INDEX lifecycle_legs_due ON lifecycle_legs (deadline_at) WHERE state IN ('live', 'revoking') AND deadline_at IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE lifecycle_legs');
    await queryRunner.query('DROP TABLE message_lifecycles');
  }
}
