import { kafkaConfig, loadConfig, postgresConfig, serviceConfig } from '@switchback/config';
import { z } from 'zod';

export const auditSinkConfigSchema = z.object({
  ...serviceConfig.shape,
  ...kafkaConfig.shape,
  ...postgresConfig.shape,
  SERVICE_NAME: z.string().default('audit-sink'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3106),
});

export type AuditSinkConfig = z.infer<typeof auditSinkConfigSchema>;

export const loadAuditSinkConfig = (): AuditSinkConfig => loadConfig(auditSinkConfigSchema);
