export * from './bootstrap-service';
export * from './config.token';
export * from './platform.module';
export * from './redis.module';
export * from './periodic-task';
export * from './problem';
export * from './problem.filter';
export * from './redis-script';
