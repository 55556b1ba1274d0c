import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Event-specific metadata (detector ids, policy version, cohort, override actor and reason, ...). */
export class AddAuditDetail1764400000000 implements MigrationInterface {
  name = 'AddAuditDetail1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE audit_events ADD COLUMN detail jsonb');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE audit_events DROP COLUMN detail');
  }
}
