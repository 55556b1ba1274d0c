// The deployment's migration job (a Helm pre-install/pre-upgrade hook): applies every service's
// TypeORM migrations, as the role that owns the schemas, before the new pods start. The services
// still check at boot, and find nothing left to do. Exits 0 when every schema is up to date.
import { ConfigException, loadConfig } from '@switchback/config';
import { migrateAll, migrateDataKeyStore } from './migrate-all';
import { migrateConfigSchema } from './migrate.config';

async function main(): Promise<void> {
  const config = loadConfig(migrateConfigSchema);
  for (const { service, schema, migrations } of await migrateAll(config)) {
    console.log(`migrate: ${service}: schema ${schema} up to date (${migrations} migrations)`);
  }
  await migrateDataKeyStore(config);
  console.log(`migrate: bus envelope: data-key table in schema ${config.BUS_ENVELOPE_SCHEMA} up to date`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigException ? error.message : `migrate: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(error instanceof ConfigException ? 78 : 1);
});
