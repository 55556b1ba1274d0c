import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which tenant owns a number's device keys: the first tenant to register one claims it; another
 * tenant's registration is refused until the owner has removed all its keys. Keys registered
 * before this migration have no owner: the next registration for the number claims it.
 */
export class CreateDeviceKeyOwners1766000000000 implements MigrationInterface {
  name = 'CreateDeviceKeyOwners1766000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE device_key_owners (
        recipient_hash text PRIMARY KEY,
        tenant_id text NOT NULL CHECK (tenant_id ~ '^[A-Za-z0-9._-]{1,64}$'),
        claimed_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE device_key_owners');
  }
}
