import path from 'node:path';

/** Endpoints of the real services the project's scripts start; override with the usual variables. */
export const testEnv = {
  kafkaBrokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','),
  databaseUrl: process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/switchback',
  redisUrl: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
  // The local broker's log.dirs (deploy/local/kafka.sh): leak sweeps read its segment files.
  kafkaDataDir: process.env['KAFKA_DATA_DIR'] ?? path.resolve(__dirname, '../../../.tools/kafka/data'),
};
