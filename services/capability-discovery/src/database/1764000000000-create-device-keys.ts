import type { MigrationInterface, QueryRunner } from 'typeorm';

/** In-app E2EE device keys, keyed by the recipient's keyed hash (never the number itself). */
export class CreateDeviceKeys1764000000000 implements MigrationInterface {
  name = 'CreateDeviceKeys1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The primary key's leading column serves the per-resolve "has any key" lookup.
    await queryRunner.query(`
      CREATE TABLE device_keys (
        recipient_hash text NOT NULL,
        key_id text NOT NULL CHECK (key_id ~ '^[A-Za-z0-9._-]{1,64}$'),
        public_key text NOT NULL,
        algorithm text NOT NULL CHECK (algorithm IN ('X25519')),
        created_at timestamptz NOT NULL,
        PRIMARY KEY (recipient_hash, key_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE device_keys');
  }
}
