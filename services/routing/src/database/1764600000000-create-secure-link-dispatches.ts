import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Secure-link legs already turned into a link and dispatched (idempotency of the dispatcher). */
export class CreateSecureLinkDispatches1764600000000 implements MigrationInterface {
  name = 'CreateSecureLinkDispatches1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE secure_link_dispatches (
        message_id text NOT NULL,
        leg integer NOT NULL,
        link_id text NOT NULL,
        dispatched_at timestamptz NOT NULL,
        PRIMARY KEY (message_id, leg)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE secure_link_dispatches');
  }
}
