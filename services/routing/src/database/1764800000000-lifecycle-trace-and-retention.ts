import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trace a message was dispatched (or held) in (W3C traceparent/tracestate, ids only), so
 * the lifecycle sweeper's revokes, expiries and late announcements, and a hold's override or
 * expiry, continue that trace; and the index the retention of ended lifecycles deletes by.
 */
export class LifecycleTraceAndRetention1764800000000 implements MigrationInterface {
  name = 'LifecycleTraceAndRetention1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE message_lifecycles ADD COLUMN traceparent text, ADD COLUMN tracestate text');
    await queryRunner.query('ALTER TABLE held_messages ADD COLUMN traceparent text, ADD COLUMN tracestate text');
    await queryRunner.query('CREATE INDEX message_lifecycles_ended ON message_lifecycles (terminal_at) WHERE terminal_published_at IS NOT NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX message_lifecycles_ended');
    await queryRunner.query('ALTER TABLE held_messages DROP COLUMN tracestate, DROP COLUMN traceparent');
    await queryRunner.query('ALTER TABLE message_lifecycles DROP COLUMN tracestate, DROP COLUMN traceparent');
  }
}
