import { startTelemetry } from '@switchback/telemetry';
startTelemetry('routing'); // before Nest loads, so HTTP is instrumented

import { bootstrapService } from '@switchback/runtime';
import { AppModule } from './app.module';
import { routingOpenApi } from './openapi/routing.openapi';
import { loadRoutingConfig } from './config/routing.config';

void bootstrapService(loadRoutingConfig, (config) => AppModule.forRoot(config), undefined, routingOpenApi);
