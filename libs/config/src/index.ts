export * from './load-config';
export * from './config-fragments';
export * from './credential-list';
export * from './key-list';
export * from './scoped-credential-list';
