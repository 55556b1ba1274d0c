export * from './keyed-hasher';
export * from './bearer-credentials';
export * from './hmac-key-ring';
