import { startTelemetry } from '@switchback/telemetry';
startTelemetry('smpp-gateway'); // before Nest loads, so HTTP is instrumented

import { bootstrapService } from '@switchback/runtime';
import { AppModule } from './app.module';
import { loadSmppGatewayConfig } from './config/smpp-gateway.config';

void bootstrapService(loadSmppGatewayConfig, (config) => AppModule.forRoot(config));
