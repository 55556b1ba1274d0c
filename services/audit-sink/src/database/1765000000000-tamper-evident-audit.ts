import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log becomes a hash chain in monthly partitions, append-only for everyone but the
 * owner's retention function. Rows of the old, unchained table (no production deployment had
 * any) are kept aside in audit_events_pre_chain rather than re-hashed into the chain.
 */
export class TamperEvidentAudit1765000000000 implements MigrationInterface {
  name = 'TamperEvidentAudit1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM audit_events LIMIT 1) THEN
          ALTER TABLE audit_events RENAME TO audit_events_pre_chain;
          ALTER TABLE audit_events_pre_chain RENAME CONSTRAINT audit_events_pkey TO audit_events_pre_chain_pkey;
          ALTER TABLE audit_events_pre_chain RENAME CONSTRAINT audit_events_event_key_key TO audit_events_pre_chain_event_key_key;
          ALTER INDEX audit_events_message_id RENAME TO audit_events_pre_chain_message_id;
        ELSE
          DROP TABLE audit_events;
        END IF;
      END $$`);
    // Partitioned by recorded_at, which the writer keeps monotonic with seq: dropping the oldest
    // partitions removes a prefix of the chain. Postgres wants the partition key in every unique
    // constraint, so idempotency (event_key) lives in audit_event_keys.
    await queryRunner.query(`
      CREATE TABLE audit_events (
        seq bigint NOT NULL CHECK (seq > 0),
        event_key text NOT NULL,
        event_type text NOT NULL,
        message_id text NOT NULL,
        tenant_id text NOT NULL,
        recipient_hash text NOT NULL,
        hash_key_id text NOT NULL,
        channel text NOT NULL,
        outcome text NOT NULL,
        fallback_reason text,
        detail jsonb,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL,
        prev_hash text NOT NULL,
        row_hash text NOT NULL,
        PRIMARY KEY (recorded_at, seq)
      ) PARTITION BY RANGE (recorded_at)`);
    await queryRunner.query('CREATE INDEX audit_events_seq ON audit_events (seq)');
    await queryRunner.query('CREATE INDEX audit_events_message_id ON audit_events (message_id)');
    await queryRunner.query('CREATE INDEX audit_events_tenant ON audit_events (tenant_id, recorded_at)');
    await queryRunner.query('CREATE INDEX audit_events_recipient ON audit_events (recipient_hash, recorded_at)');
    await queryRunner.query('CREATE TABLE audit_event_keys (event_key text PRIMARY KEY, seq bigint NOT NULL)');
    await queryRunner.query('CREATE INDEX audit_event_keys_seq ON audit_event_keys (seq)');
    await queryRunner.query(`
      CREATE TABLE audit_checkpoints (
        id bigserial PRIMARY KEY,
        seq bigint NOT NULL,
        row_hash text NOT NULL,
        row_count bigint NOT NULL,
        created_at timestamptz NOT NULL,
        key_id text NOT NULL,
        key_fingerprint text NOT NULL,
        public_key text NOT NULL,
        signature text NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE audit_legal_holds (
        partition_month date PRIMARY KEY CHECK (extract(day FROM partition_month) = 1),
        reason text NOT NULL,
        held_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    // Append-only: any UPDATE, DELETE or TRUNCATE of audit rows or checkpoints raises, whoever
    // asks (a superuser can still disable triggers: the hash chain and the witness catch that).
    await queryRunner.query(`
      CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['audit_events', 'audit_checkpoints']) {
      await queryRunner.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`);
      await queryRunner.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`);
      await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${table} FROM PUBLIC`);
    }

    // Creates the month's partition (and its own TRUNCATE guard, which a partition does not inherit).
    await queryRunner.query(`
      CREATE FUNCTION audit_ensure_partition(p_month date) RETURNS text
      LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
      DECLARE
        v_from date := date_trunc('month', p_month)::date;
        v_name text := 'audit_events_p' || to_char(v_from, 'YYYYMM');
      BEGIN
        IF to_regclass(v_name) IS NULL THEN
          EXECUTE format('CREATE TABLE %I PARTITION OF audit_events FOR VALUES FROM (%L) TO (%L)', v_name, v_from::timestamptz, (v_from + interval '1 month')::timestamptz);
          EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()', v_name || '_no_truncate', v_name);
        END IF;
        RETURN v_name;
      END $$`);

    // Retention: the only way rows leave. Refuses a partition under a legal hold or younger than
    // a month, and returns what the drop record (an audit row of its own) must say.
    await queryRunner.query(`
      CREATE FUNCTION audit_drop_partition(p_month date, OUT partition_name text, OUT first_seq bigint, OUT last_seq bigint,
        OUT row_count bigint, OUT first_prev_hash text, OUT last_row_hash text)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
      DECLARE
        v_from date := date_trunc('month', p_month)::date;
      BEGIN
        partition_name := 'audit_events_p' || to_char(v_from, 'YYYYMM');
        IF EXISTS (SELECT 1 FROM audit_legal_holds WHERE partition_month = v_from) THEN
          RAISE EXCEPTION 'partition % is under a legal hold', partition_name USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF v_from + interval '1 month' > date_trunc('month', now()) - interval '1 month' THEN
          RAISE EXCEPTION 'partition % is too recent to drop', partition_name USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF to_regclass(partition_name) IS NULL THEN
          RAISE EXCEPTION 'no partition %', partition_name USING ERRCODE = 'undefined_table';
        END IF;
        EXECUTE format('SELECT min(seq), max(seq), count(*) FROM %I', partition_name) INTO first_seq, last_seq, row_count;
        EXECUTE format('SELECT prev_hash FROM %I WHERE seq = $1', partition_name) INTO first_prev_hash USING first_seq;
        EXECUTE format('SELECT row_hash FROM %I WHERE seq = $1', partition_name) INTO last_row_hash USING last_seq;
        EXECUTE format('DROP TABLE %I', partition_name);
        DELETE FROM audit_event_keys WHERE seq BETWEEN first_seq AND last_seq;
      END $$`);
    await queryRunner.query('REVOKE ALL ON FUNCTION audit_drop_partition(date) FROM PUBLIC');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['audit_events', 'audit_event_keys', 'audit_checkpoints', 'audit_legal_holds']) await queryRunner.query(`DROP TABLE ${table}`);
    await queryRunner.query('DROP FUNCTION audit_drop_partition(date)');
    await queryRunner.query('DROP FUNCTION audit_ensure_partition(date)');
    await queryRunner.query('DROP FUNCTION audit_refuse_change()');
  }
}
