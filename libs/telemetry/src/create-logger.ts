import pino, { type Logger } from 'pino';
import { REDACTED_LOG_PATHS } from './log-redaction';
import { traceIds } from './trace-ids';

/** A JSON logger with the central redaction list and trace ids: for code outside Nest. */
export function createLogger(options: { name: string; level?: string }, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      name: options.name,
      level: options.level ?? 'info',
      base: { service: options.name },
      redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
      mixin: traceIds,
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
