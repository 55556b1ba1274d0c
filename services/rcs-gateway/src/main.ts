import { startTelemetry } from '@switchback/telemetry';
startTelemetry('rcs-gateway'); // before Nest loads, so HTTP is instrumented

import { bootstrapService } from '@switchback/runtime';
import { AppModule } from './app.module';
import { rcsGatewayOpenApi } from './openapi/rcs-gateway.openapi';
import { loadRcsGatewayConfig } from './config/rcs-gateway.config';

void bootstrapService(loadRcsGatewayConfig, (config) => AppModule.forRoot(config), undefined, rcsGatewayOpenApi);
