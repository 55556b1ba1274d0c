import { httpClientConfig, kafkaConfig, loadConfig, redisConfig, serviceConfig } from '@switchback/config';
import { z } from 'zod';

export const rcsGatewayConfigSchema = z.object({
  ...serviceConfig.shape,
  ...kafkaConfig.shape,
  ...redisConfig.shape,
  ...httpClientConfig.shape,
  SERVICE_NAME: z.string().default('rcs-gateway'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3103),
  HUB_BASE_URL: z.string().url(),
  // The agent's clientToken: RBM signs webhooks with it (HMAC-SHA512).
  RBM_CLIENT_TOKEN: z.string().min(8),
});

export type RcsGatewayConfig = z.infer<typeof rcsGatewayConfigSchema>;

export const loadRcsGatewayConfig = (): RcsGatewayConfig => loadConfig(rcsGatewayConfigSchema);
