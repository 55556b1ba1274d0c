import { startTelemetry } from '@switchback/telemetry';
startTelemetry('webhook-dispatcher'); // before Nest loads, so HTTP is instrumented

import { bootstrapService } from '@switchback/runtime';
import { AppModule } from './app.module';
import { loadWebhookDispatcherConfig } from './config/webhook-dispatcher.config';

void bootstrapService(loadWebhookDispatcherConfig, (config) => AppModule.forRoot(config));
