export * from './keyed-hasher';
