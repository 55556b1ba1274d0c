import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import type { PlatformConfig } from './platform.module';

/**
 * Boots a service: pino as Nest's logger, shutdown hooks so SIGTERM drains the consumers
 * before the process leaves, HTTP (health, metrics, the service's own routes) on its port.
 */
export async function bootstrapService(appModule: Type | DynamicModule, config: PlatformConfig): Promise<void> {
  const app = await NestFactory.create(appModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
}
