import { startTelemetry } from '@switchback/telemetry';
startTelemetry('capability-discovery'); // before Nest loads, so HTTP is instrumented

import { bootstrapService } from '@switchback/runtime';
import { AppModule } from './app.module';
import { capabilityDiscoveryOpenApi } from './openapi/capability-discovery.openapi';
import { loadCapabilityDiscoveryConfig } from './config/capability-discovery.config';

void bootstrapService(loadCapabilityDiscoveryConfig, (config) => AppModule.forRoot(config), undefined, capabilityDiscoveryOpenApi);
