import { startTelemetry } from '@switchback/telemetry';
startTelemetry('audit-sink'); // before Nest loads, so HTTP is instrumented

import { bootstrapService } from '@switchback/runtime';
import { AppModule } from './app.module';
import { auditSinkOpenApi } from './openapi/audit-sink.openapi';
import { loadAuditSinkConfig } from './config/audit-sink.config';

void bootstrapService(loadAuditSinkConfig, (config) => AppModule.forRoot(config), undefined, auditSinkOpenApi);
