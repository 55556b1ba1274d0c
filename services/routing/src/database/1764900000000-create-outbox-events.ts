import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events a transaction calls for, written in that transaction and published after its commit
 * (then deleted), so no publish waits on the broker while a message row is locked. The payload
 * is the encoded event sealed with the hold key (dispatch commands carry the message text); the
 * trace columns let a late relay continue the trace the event belongs to.
 */
export class CreateOutboxEvents1764900000000 implements MigrationInterface {
  name = 'CreateOutboxEvents1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outbox_events (
        id bigserial PRIMARY KEY,
        topic text NOT NULL,
        event_key text NOT NULL,
        message_id text NOT NULL,
        bus_message_id text NOT NULL,
        tenant_id text NOT NULL,
        key_id text NOT NULL,
        payload bytea NOT NULL,
        traceparent text,
        tracestate text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE outbox_events');
  }
}
