import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAuditEvents1763800000000 implements MigrationInterface {
  name = 'CreateAuditEvents1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_events (
        id bigserial PRIMARY KEY,
        event_key text NOT NULL UNIQUE,
        event_type text NOT NULL,
        message_id text NOT NULL,
        tenant_id text NOT NULL,
        recipient_hash text NOT NULL,
        channel text NOT NULL,
        outcome text NOT NULL,
        fallback_reason text,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX audit_events_message_id ON audit_events (message_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE audit_events');
  }
}
