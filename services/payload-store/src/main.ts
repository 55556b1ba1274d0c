import { startTelemetry } from '@switchback/telemetry';
startTelemetry('payload-store'); // before Nest loads, so HTTP is instrumented

import { bootstrapService } from '@switchback/runtime';
import { AppModule } from './app.module';
import { payloadStoreOpenApi } from './openapi/payload-store.openapi';
import { loadPayloadStoreConfig } from './config/payload-store.config';
import { configurePayloadStoreHttp } from './http/configure-http';

void bootstrapService(loadPayloadStoreConfig, (config) => AppModule.forRoot(config), configurePayloadStoreHttp, payloadStoreOpenApi);
