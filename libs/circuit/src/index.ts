export * from './channel-circuits';
export * from './channel-breakers';
export * from './circuit-breaker';
export * from './circuit-sinks';
export * from './circuit.config';
export * from './circuit.providers';
export * from './redis-channel-circuits';
export * from './redis-channel-flag';
