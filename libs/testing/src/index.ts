export * from './eventually';
export * from './test-env';
export * from './test-ids';
export * from './in-memory-tracing';
export * from './otlp-trace-receiver';
export * from './service-account-key';
