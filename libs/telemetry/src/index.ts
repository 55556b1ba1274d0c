export * from './create-logger';
export * from './log-redaction';
export * from './logging.module';
export * from './metric-names';
export * from './metrics.module';
export * from './start-telemetry';
export * from './resumed-trace';
