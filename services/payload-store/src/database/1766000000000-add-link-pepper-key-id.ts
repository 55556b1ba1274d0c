import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The id of the pepper (LINK_PEPPERS, never in the database) that keys a link's verifier and
 * wraps its ciphertext. Rows stored before it (NULL) keep their plain SHA-256 verifier: they stay
 * claimable, and payload-store re-keys them under its current pepper at its next sweep (this
 * migration runs as the owner role, which never holds a pepper, so it cannot do it here).
 */
export class AddLinkPepperKeyId1766000000000 implements MigrationInterface {
  name = 'AddLinkPepperKeyId1766000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE secure_links ADD COLUMN pepper_key_id text CHECK (pepper_key_id ~ '^[A-Za-z0-9._-]{1,32}$')`);
    // The re-keying scan after an upgrade: only legacy rows.
    await queryRunner.query('CREATE INDEX secure_links_legacy_verifier ON secure_links (id) WHERE pepper_key_id IS NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX secure_links_legacy_verifier');
    await queryRunner.query('ALTER TABLE secure_links DROP COLUMN pepper_key_id');
  }
}
