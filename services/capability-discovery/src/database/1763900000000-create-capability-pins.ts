import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCapabilityPins1763900000000 implements MigrationInterface {
  name = 'CreateCapabilityPins1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE capability_pins (
        recipient_hash text PRIMARY KEY,
        pinned_level text NOT NULL CHECK (pinned_level IN ('sms_only', 'rcs', 'e2ee')),
        pinned_at timestamptz NOT NULL,
        last_level text NOT NULL CHECK (last_level IN ('sms_only', 'rcs', 'e2ee')),
        last_seen_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE capability_level_changes (
        id bigserial PRIMARY KEY,
        recipient_hash text NOT NULL,
        previous_level text,
        level text NOT NULL,
        pinned_level text NOT NULL,
        downgrade_suspected boolean NOT NULL,
        carrier text NOT NULL DEFAULT '',
        region text NOT NULL DEFAULT '',
        observed_at timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX capability_level_changes_recipient ON capability_level_changes (recipient_hash, observed_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE capability_level_changes');
    await queryRunner.query('DROP TABLE capability_pins');
  }
}
