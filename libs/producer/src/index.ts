export * from './send-request-producer';
export { generateProducerKey } from '@switchback/bus';
