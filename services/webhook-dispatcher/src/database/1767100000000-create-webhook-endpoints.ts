import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tenants' callback endpoints (signing secrets encrypted under WEBHOOK_SECRET_KEY, a previous
 * secret kept until its overlap ends) and which callback each endpoint already acknowledged.
 */
export class CreateWebhookEndpoints1767100000000 implements MigrationInterface {
  name = 'CreateWebhookEndpoints1767100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE webhook_endpoints (
        tenant_id text NOT NULL,
        id text NOT NULL CHECK (id ~ '^[A-Za-z0-9_-]{1,64}$'),
        url text NOT NULL,
        event_types text[] NOT NULL,
        secret bytea NOT NULL,
        previous_secret bytea,
        previous_secret_until timestamptz,
        enabled boolean NOT NULL DEFAULT true,
        disabled_reason text,
        disabled_at timestamptz,
        failing_since timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id)
      )`);
    await queryRunner.query(`
      CREATE TABLE webhook_deliveries (
        tenant_id text NOT NULL,
        endpoint_id text NOT NULL,
        webhook_id text NOT NULL,
        delivered_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, endpoint_id, webhook_id)
      )`);
    await queryRunner.query('CREATE INDEX webhook_deliveries_delivered_at ON webhook_deliveries (delivered_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE webhook_deliveries');
    await queryRunner.query('DROP TABLE webhook_endpoints');
  }
}
