import { kafkaConfig, loadConfig, redisConfig, serviceConfig } from '@switchback/config';
import { z } from 'zod';

export const smppGatewayConfigSchema = z.object({
  ...serviceConfig.shape,
  ...kafkaConfig.shape,
  ...redisConfig.shape,
  SERVICE_NAME: z.string().default('smpp-gateway'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3104),
  SMPP_URL: z.string().regex(/^s?smpp:\/\/[^:]+:\d+$/, 'smpp://host:port or ssmpp://host:port'),
  SMPP_SYSTEM_ID: z.string().min(1).max(15),
  SMPP_PASSWORD: z.string().min(1).max(8),
  SMPP_SOURCE_ADDR: z.string().min(1).max(20).default('Switchback'),
  SMPP_RESPONSE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  SMPP_ENQUIRE_LINK_MS: z.coerce.number().int().min(1_000).max(300_000).default(30_000),
});

export type SmppGatewayConfig = z.infer<typeof smppGatewayConfigSchema>;

export const loadSmppGatewayConfig = (): SmppGatewayConfig => loadConfig(smppGatewayConfigSchema);
