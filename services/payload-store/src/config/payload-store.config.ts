import { kafkaConfig, loadConfig, serviceConfig } from '@switchback/config';
import { z } from 'zod';

export const payloadStoreConfigSchema = z.object({
  ...serviceConfig.shape,
  ...kafkaConfig.shape,
  SERVICE_NAME: z.string().default('payload-store'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3105),
});

export type PayloadStoreConfig = z.infer<typeof payloadStoreConfigSchema>;

export const loadPayloadStoreConfig = (): PayloadStoreConfig => loadConfig(payloadStoreConfigSchema);
