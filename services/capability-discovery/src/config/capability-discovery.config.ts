import { httpClientConfig, kafkaConfig, loadConfig, redisConfig, serviceConfig } from '@switchback/config';
import { z } from 'zod';

export const capabilityDiscoveryConfigSchema = z.object({
  ...serviceConfig.shape,
  ...kafkaConfig.shape,
  ...redisConfig.shape,
  ...httpClientConfig.shape,
  SERVICE_NAME: z.string().default('capability-discovery'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3101),
  HUB_BASE_URL: z.string().url(),
  // The brief bounds the cache TTL to 30 s – 2 min: fresher is costly, staler misroutes.
  CAPABILITY_CACHE_TTL_S: z.coerce.number().int().min(30).max(120).default(60),
});

export type CapabilityDiscoveryConfig = z.infer<typeof capabilityDiscoveryConfigSchema>;

export const loadCapabilityDiscoveryConfig = (): CapabilityDiscoveryConfig => loadConfig(capabilityDiscoveryConfigSchema);
