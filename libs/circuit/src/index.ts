export * from './channel-circuits';
