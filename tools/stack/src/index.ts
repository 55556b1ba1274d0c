export * from './outcome-watcher';
export * from './stack';
