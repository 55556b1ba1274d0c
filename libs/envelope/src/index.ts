export * from './data-key-store';
export * from './envelope-cipher';
export * from './envelope.errors';
export * from './key-encryption';
export * from './local-key-encryption';
export * from './memory-data-key-store';
export * from './postgres-data-key-store';
export * from './sealed-field';
