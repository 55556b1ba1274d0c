export * from './dependency-check';
export * from './dependency-indicator';
export * from './health.module';
export * from './postgres.check';
export * from './redis.check';
