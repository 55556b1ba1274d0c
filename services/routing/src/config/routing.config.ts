import { kafkaConfig, loadConfig, serviceConfig } from '@switchback/config';
import { z } from 'zod';

export const routingConfigSchema = z.object({
  ...serviceConfig.shape,
  ...kafkaConfig.shape,
  SERVICE_NAME: z.string().default('routing'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3102),
  // Carrier-side time to live of an RCS leg before it counts as expired.
  RCS_TTL_SECONDS: z.coerce.number().int().min(10).max(172_800).default(300),
});

export type RoutingConfig = z.infer<typeof routingConfigSchema>;

export const loadRoutingConfig = (): RoutingConfig => loadConfig(routingConfigSchema);
