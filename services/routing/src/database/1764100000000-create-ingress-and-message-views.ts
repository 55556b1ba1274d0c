import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Producer ingress idempotency and the message view (metadata only: no text, no number). */
export class CreateIngressAndMessageViews1764100000000 implements MigrationInterface {
  name = 'CreateIngressAndMessageViews1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE idempotency_keys (
        tenant_id text NOT NULL,
        key text NOT NULL,
        body_sha256 text NOT NULL,
        state text NOT NULL CHECK (state IN ('in_progress', 'done')),
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, key)
      )`);
    await queryRunner.query(`
      CREATE TABLE message_views (
        message_id text PRIMARY KEY,
        tenant_id text NOT NULL,
        recipient_hash text NOT NULL,
        channel text NOT NULL,
        action_taken text NOT NULL,
        fallback_reason text NOT NULL,
        sensitivity text NOT NULL,
        detector_ids text[] NOT NULL,
        cohort text NOT NULL,
        policy_version integer NOT NULL,
        decided_at timestamptz NOT NULL
      )`);
    // No foreign key: an outcome may arrive before its decision, and is kept until it does.
    await queryRunner.query(`
      CREATE TABLE message_legs (
        message_id text NOT NULL,
        leg integer NOT NULL,
        channel text NOT NULL,
        status text NOT NULL,
        reason text NOT NULL,
        occurred_at timestamptz NOT NULL,
        PRIMARY KEY (message_id, leg)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE message_legs');
    await queryRunner.query('DROP TABLE message_views');
    await queryRunner.query('DROP TABLE idempotency_keys');
  }
}
