import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The message id is chosen before publishing and kept with the Idempotency-Key, so a request
 * stranded in progress (the instance died mid-publish) can be taken over under the same id.
 * Indexes for the retention sweeps of keys and of outcomes that never met a decision.
 */
export class IngressTakeoverAndRetention1764500000000 implements MigrationInterface {
  name = 'IngressTakeoverAndRetention1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE idempotency_keys ADD COLUMN message_id text');
    await queryRunner.query('CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at)');
    await queryRunner.query('CREATE INDEX message_legs_occurred_at ON message_legs (occurred_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX message_legs_occurred_at');
    await queryRunner.query('DROP INDEX idempotency_keys_created_at');
    await queryRunner.query('ALTER TABLE idempotency_keys DROP COLUMN message_id');
  }
}
