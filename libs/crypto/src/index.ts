export * from './keyed-hasher';
export * from './bearer-credentials';
