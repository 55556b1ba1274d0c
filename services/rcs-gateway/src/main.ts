import { startTelemetry } from '@switchback/telemetry';
startTelemetry('rcs-gateway'); // before Nest loads, so HTTP is instrumented

import { bootstrapService } from '@switchback/runtime';
import { AppModule } from './app.module';
import { loadRcsGatewayConfig } from './config/rcs-gateway.config';

void bootstrapService(loadRcsGatewayConfig, (config) => AppModule.forRoot(config));
