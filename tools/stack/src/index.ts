export * from './outcome-watcher';
export * from './stack';
export * from './service-process';
