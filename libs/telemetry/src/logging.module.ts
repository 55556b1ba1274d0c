import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { REDACTED_LOG_PATHS } from './log-redaction';
import { traceIds } from './trace-ids';

const QUIET_PATHS = ['/health', '/metrics'];

/** nestjs-pino with our redaction, trace ids, and no logging of probes or query strings. */
@Module({})
export class LoggingModule {
  static forRoot(options: { serviceName: string; level: string }): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: options.level,
            base: { service: options.serviceName },
            redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
            mixin: traceIds,
            autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.some((path) => req.url?.startsWith(path) ?? false) },
            serializers: {
              // Paths may hold phone numbers (/v1/capabilities/+44...): keep the route shape only.
              req: (req: { method?: string; url?: string; id?: unknown }) => ({ id: req.id, method: req.method, url: (req.url ?? '').split('?')[0]?.replace(/\+?\d{6,}/g, ':number') }),
            },
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
