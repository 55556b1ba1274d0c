export * from './canonical-json';
export * from './row-hash';
export * from './stored-row';
export * from './checkpoint-wire';
export * from './checkpoint-encoding';
export * from './checkpoint-signature';
export * from './ed25519-public-key';
export * from './retention-record';
