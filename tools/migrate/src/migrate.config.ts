import { z } from 'zod';

const schemaName = z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a lower-case SQL identifier');

/**
 * The migration job's environment: one connection as the role that owns the schemas (the
 * services may run as a less privileged one), and each service's schema, as the services name it
 * in DATABASE_SCHEMA. The defaults are the chart's and docker-compose's.
 */
export const migrateConfigSchema = z.object({
  DATABASE_URL: z.url({ error: 'required: postgres://<owner role>@host:5432/<database>, the role that owns the schemas' }),
  CAPABILITY_DISCOVERY_DATABASE_SCHEMA: schemaName.default('capability'),
  ROUTING_DATABASE_SCHEMA: schemaName.default('routing'),
  PAYLOAD_STORE_DATABASE_SCHEMA: schemaName.default('payload_store'),
  AUDIT_SINK_DATABASE_SCHEMA: schemaName.default('audit'),
  WEBHOOK_DISPATCHER_DATABASE_SCHEMA: schemaName.default('webhooks'),
  // The bus envelope's shared data-key table (routing and the gateways read it).
  BUS_ENVELOPE_SCHEMA: schemaName.default('bus_keys'),
});

export type MigrateConfig = z.infer<typeof migrateConfigSchema>;
