import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigException } from '@switchback/config';
import { Logger } from 'nestjs-pino';
import { serveOpenApi, type ServiceOpenApi } from './openapi';
import { limitSlowClients } from './slow-client-limits';
import type { PlatformConfig } from './platform.module';

/**
 * Boots a service: validates its config first (a bad value stops boot naming the variable),
 * pino as Nest's logger, shutdown hooks so SIGTERM drains consumers before the process
 * leaves, and HTTP (health, metrics, the service's own routes) on its port. `configureHttp`
 * sets what only the app can (body parsers, proxy trust) before Nest initialises; tests call
 * the same function. Slow clients get 408 once HTTP_HEADERS_TIMEOUT_MS passes. `openApi` is served at `/openapi.json` (docs/api holds the committed copy).
 */
export async function bootstrapService<C extends PlatformConfig>(
  loadConfig: () => C,
  appModule: (config: C) => DynamicModule,
  configureHttp?: (app: INestApplication, config: C) => void,
  openApi?: ServiceOpenApi,
): Promise<void> {
  let config: C;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigException)) throw error;
    console.error(error.message);
    process.exit(78); // EX_CONFIG
  }
  const app = await NestFactory.create(appModule(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  configureHttp?.(app, config);
  if (openApi) serveOpenApi(app, openApi);
  limitSlowClients(app.getHttpServer(), config);
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
}
