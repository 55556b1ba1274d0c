import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention moves into the database (issue 17 item 5). Before, audit_drop_partition dropped any
 * partition older than a month and the service appended the drop record itself: whoever held the
 * service's credentials could drop an incident's month and chain a well-hashed record of it. Now:
 * - the retention period is a row of audit_retention that only the owner writes;
 * - audit_drop_partition refuses a partition under a legal hold, inside the retention period, or
 *   with an older partition (not held) still present, and writes the drop record (row v1,
 *   hashed in SQL, under the chain lock) in the same transaction as the drop;
 * - an INSERT of an audit_partition_dropped row by anyone but that function's owner is refused.
 */
export class RetentionByTheDatabase1765600000000 implements MigrationInterface {
  name = 'RetentionByTheDatabase1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_retention (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        months integer NOT NULL CHECK (months > 0),
        set_at timestamptz NOT NULL DEFAULT now(),
        set_by text NOT NULL DEFAULT current_user
      )`);
    // Whatever is granted (default privileges give the service's role INSERT on new tables), only
    // the owner changes the period: a shorter one would let the service's role drop recent months.
    await queryRunner.query(`
      CREATE FUNCTION audit_refuse_retention_change() RETURNS trigger
      LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        IF current_user::text IS DISTINCT FROM (SELECT pg_get_userbyid(c.relowner)::text FROM pg_class c WHERE c.oid = TG_RELID) THEN
          RAISE EXCEPTION 'the audit retention period is set by the schema owner only' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await queryRunner.query('CREATE TRIGGER audit_retention_owner_only BEFORE INSERT OR UPDATE OR DELETE ON audit_retention FOR EACH ROW EXECUTE FUNCTION audit_refuse_retention_change()');
    await queryRunner.query('CREATE TRIGGER audit_retention_no_truncate BEFORE TRUNCATE ON audit_retention FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_retention_change()');
    // Invoker's rights: only a role that may write audit_retention (the owner) sets the period.
    await queryRunner.query(`
      CREATE FUNCTION audit_set_retention(p_months integer) RETURNS integer
      LANGUAGE sql SET search_path FROM CURRENT AS $$
        INSERT INTO audit_retention (months) VALUES (p_months)
        ON CONFLICT (singleton) DO UPDATE SET months = EXCLUDED.months, set_at = now(), set_by = current_user
        RETURNING months
      $$`);
    await queryRunner.query('REVOKE ALL ON FUNCTION audit_set_retention(integer) FROM PUBLIC');

    // libs/audit-format canonicalJson for jsonb: keys sorted (code point order, which is the
    // UTF-16 order of canonicalJson for every key outside the astral planes), no whitespace.
    // jsonb prints strings, integers, booleans and null as JSON.stringify does.
    await queryRunner.query(`
      CREATE FUNCTION audit_canonical_json(p_value jsonb) RETURNS text
      LANGUAGE plpgsql IMMUTABLE SET search_path FROM CURRENT AS $$
      DECLARE
        v_out text;
      BEGIN
        IF p_value IS NULL THEN RETURN 'null'; END IF;
        CASE jsonb_typeof(p_value)
          WHEN 'object' THEN
            SELECT '{' || coalesce(string_agg(to_jsonb(key)::text || ':' || audit_canonical_json(value), ',' ORDER BY key COLLATE "C"), '') || '}' INTO v_out FROM jsonb_each(p_value);
          WHEN 'array' THEN
            SELECT '[' || coalesce(string_agg(audit_canonical_json(value), ',' ORDER BY n), '') || ']' INTO v_out FROM jsonb_array_elements(p_value) WITH ORDINALITY AS e(value, n);
          ELSE
            v_out := p_value::text;
        END CASE;
        RETURN v_out;
      END $$`);
    // rowHash of libs/audit-format (v1), given the encoded fields (snake_case, with "v": 1).
    await queryRunner.query(`
      CREATE FUNCTION audit_row_hash(p_fields jsonb) RETURNS text
      LANGUAGE sql IMMUTABLE SET search_path FROM CURRENT AS $$
        SELECT encode(sha256(convert_to('switchback.audit.row.v1' || chr(10) || audit_canonical_json(p_fields), 'UTF8')), 'hex')
      $$`);

    await queryRunner.query('DROP FUNCTION audit_drop_partition(date)');
    await queryRunner.query(`
      CREATE FUNCTION audit_drop_partition(p_month date, OUT partition_name text, OUT first_seq bigint, OUT last_seq bigint,
        OUT row_count bigint, OUT record_seq bigint)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT SET timezone TO 'UTC' AS $$
      DECLARE
        v_from date := date_trunc('month', p_month)::date;
        v_months integer;
        v_older text;
        v_first_prev_hash text;
        v_last_row_hash text;
        v_head_seq bigint;
        v_head_hash text;
        v_head_at timestamptz;
        v_at timestamptz;
        v_iso text;
        v_key text;
        v_prev text;
        v_detail jsonb;
        v_hash text;
      BEGIN
        partition_name := 'audit_events_p' || to_char(v_from, 'YYYYMM');
        -- The service's chain lock: the record links to the head nobody else is moving.
        PERFORM pg_advisory_xact_lock(hashtext('switchback.audit.chain:' || current_schema()));
        IF EXISTS (SELECT 1 FROM audit_legal_holds WHERE partition_month = v_from) THEN
          RAISE EXCEPTION 'partition % is under a legal hold', partition_name USING ERRCODE = 'insufficient_privilege';
        END IF;
        SELECT months INTO v_months FROM audit_retention;
        IF v_months IS NULL THEN
          RAISE EXCEPTION 'audit retention is not configured: the schema owner sets it with audit_set_retention(months)' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF v_from + interval '1 month' > date_trunc('month', now()) - make_interval(months => v_months) THEN
          RAISE EXCEPTION 'partition % is too recent to drop (retention % months)', partition_name, v_months USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF to_regclass(partition_name) IS NULL THEN
          RAISE EXCEPTION 'no partition %', partition_name USING ERRCODE = 'undefined_table';
        END IF;
        -- Oldest first, so what leaves is always the chain's prefix (bar months under a hold).
        SELECT c.relname INTO v_older FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         WHERE i.inhparent = 'audit_events'::regclass AND c.relname ~ '^audit_events_p[0-9]{6}$' AND c.relname < partition_name
           AND NOT EXISTS (SELECT 1 FROM audit_legal_holds h WHERE 'audit_events_p' || to_char(h.partition_month, 'YYYYMM') = c.relname)
         ORDER BY c.relname LIMIT 1;
        IF v_older IS NOT NULL THEN
          RAISE EXCEPTION 'partition % is not the oldest: % goes first', partition_name, v_older USING ERRCODE = 'insufficient_privilege';
        END IF;

        EXECUTE format('SELECT min(seq), max(seq), count(*) FROM %I', partition_name) INTO first_seq, last_seq, row_count;
        EXECUTE format('SELECT prev_hash FROM %I WHERE seq = $1', partition_name) INTO v_first_prev_hash USING first_seq;
        EXECUTE format('SELECT row_hash FROM %I WHERE seq = $1', partition_name) INTO v_last_row_hash USING last_seq;
        SELECT seq, row_hash, recorded_at INTO v_head_seq, v_head_hash, v_head_at FROM audit_events ORDER BY seq DESC LIMIT 1;
        EXECUTE format('DROP TABLE %I', partition_name);
        DELETE FROM audit_event_keys WHERE seq BETWEEN first_seq AND last_seq;

        -- The drop record, as the service would chain it (recorded_at never goes back).
        record_seq := coalesce(v_head_seq, 0) + 1;
        v_prev := coalesce(v_head_hash, repeat('0', 64));
        v_at := greatest(date_trunc('milliseconds', clock_timestamp()), coalesce(v_head_at, '-infinity'::timestamptz));
        v_iso := to_char(v_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
        v_key := 'retention:' || partition_name || ':' || record_seq;
        v_detail := jsonb_build_object('partition', partition_name, 'month', to_char(v_from, 'YYYY-MM-DD'), 'retentionMonths', v_months,
          'rows', row_count::text, 'firstSeq', first_seq::text, 'lastSeq', last_seq::text, 'firstPrevHash', v_first_prev_hash, 'lastRowHash', v_last_row_hash);
        v_hash := audit_row_hash(jsonb_build_object('v', 1, 'seq', record_seq::text, 'event_key', v_key, 'event_type', 'audit_partition_dropped',
          'message_id', '', 'tenant_id', '', 'recipient_hash', '', 'hash_key_id', '', 'channel', '', 'outcome', 'dropped', 'fallback_reason', NULL,
          'detail', v_detail, 'occurred_at', v_iso, 'recorded_at', v_iso, 'prev_hash', v_prev));
        INSERT INTO audit_event_keys (event_key, seq) VALUES (v_key, record_seq);
        INSERT INTO audit_events (seq, event_key, event_type, message_id, tenant_id, recipient_hash, hash_key_id, channel, outcome, fallback_reason, detail, occurred_at, recorded_at, prev_hash, row_hash)
          VALUES (record_seq, v_key, 'audit_partition_dropped', '', '', '', '', '', 'dropped', NULL, v_detail, v_at, v_at, v_prev, v_hash);
      END $$`);
    await queryRunner.query('REVOKE ALL ON FUNCTION audit_drop_partition(date) FROM PUBLIC');

    // Only audit_drop_partition (its owner's rights) writes drop records; the service's role cannot.
    await queryRunner.query(`
      CREATE FUNCTION audit_refuse_drop_record() RETURNS trigger
      LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        IF current_user::text IS DISTINCT FROM (SELECT pg_get_userbyid(p.proowner)::text FROM pg_proc p WHERE p.oid = 'audit_drop_partition(date)'::regprocedure) THEN
          RAISE EXCEPTION 'audit_partition_dropped rows are written by audit_drop_partition() only' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER audit_events_drop_records BEFORE INSERT ON audit_events FOR EACH ROW WHEN (NEW.event_type = 'audit_partition_dropped') EXECUTE FUNCTION audit_refuse_drop_record()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER audit_events_drop_records ON audit_events');
    await queryRunner.query('DROP FUNCTION audit_refuse_drop_record()');
    await queryRunner.query('DROP FUNCTION audit_drop_partition(date)');
    await queryRunner.query('DROP FUNCTION audit_row_hash(jsonb)');
    await queryRunner.query('DROP FUNCTION audit_canonical_json(jsonb)');
    await queryRunner.query('DROP FUNCTION audit_set_retention(integer)');
    await queryRunner.query('DROP TABLE audit_retention');
    await queryRunner.query('DROP FUNCTION audit_refuse_retention_change()');
    // The previous audit_drop_partition (the caller appended the drop record).
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
}
