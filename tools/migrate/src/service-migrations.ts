import path from 'node:path';
import type { MigrateConfig } from './migrate.config';

export interface ServiceMigrations {
  readonly service: string;
  readonly schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's migration classes
  readonly migrations: Function[];
}

/** Where each service declares its migration list (the one its DatabaseModule runs at boot). */
const sources = [
  { service: 'capability-discovery', file: 'services/capability-discovery/src/app.module', name: 'capabilityMigrations', schema: 'CAPABILITY_DISCOVERY_DATABASE_SCHEMA' },
  { service: 'routing', file: 'services/routing/src/database/routing-database', name: 'routingMigrations', schema: 'ROUTING_DATABASE_SCHEMA' },
  { service: 'payload-store', file: 'services/payload-store/src/database/payload-store-database', name: 'payloadStoreMigrations', schema: 'PAYLOAD_STORE_DATABASE_SCHEMA' },
  { service: 'audit-sink', file: 'services/audit-sink/src/database/audit-migrations', name: 'auditMigrations', schema: 'AUDIT_SINK_DATABASE_SCHEMA' },
  { service: 'webhook-dispatcher', file: 'services/webhook-dispatcher/src/database/webhook-database', name: 'webhookMigrations', schema: 'WEBHOOK_DISPATCHER_DATABASE_SCHEMA' },
] as const;

// tools/migrate/src -> the root of the sources (or of dist/, where the same layout is compiled).
const root = path.resolve(__dirname, '../../..');

/**
 * Loaded by path at run time: a tool may not import services (Nx module boundaries), and the
 * lists must be the very ones the services run, not copies.
 */
export async function serviceMigrations(config: MigrateConfig): Promise<ServiceMigrations[]> {
  return Promise.all(
    sources.map(async (source) => {
      const exports = (await import(path.join(root, source.file))) as Record<string, unknown>;
      const migrations = exports[source.name];
      if (!Array.isArray(migrations)) throw new Error(`${source.file} does not export ${source.name}`);
      // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's migration classes
      return { service: source.service, schema: config[source.schema], migrations: migrations as Function[] };
    }),
  );
}
