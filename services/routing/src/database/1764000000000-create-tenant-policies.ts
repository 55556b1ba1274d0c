import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTenantPolicies1764000000000 implements MigrationInterface {
  name = 'CreateTenantPolicies1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE tenant_policies (
        tenant_id text NOT NULL,
        version integer NOT NULL CHECK (version > 0),
        policy jsonb NOT NULL,
        actor text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, version)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE tenant_policies');
  }
}
