import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The retention sweep deletes history by age. */
export class CapabilityHistoryRetention1764500000000 implements MigrationInterface {
  name = 'CapabilityHistoryRetention1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX capability_level_changes_observed_at ON capability_level_changes (observed_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX capability_level_changes_observed_at');
  }
}
