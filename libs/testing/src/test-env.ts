import { BUS_ADMIN_PRINCIPAL } from '@switchback/contracts';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** deploy/local/kafka.sh keeps one SCRAM password file per principal of the local broker here. */
const kafkaCredentialsDir = process.env['KAFKA_CREDENTIALS_DIR'] ?? path.resolve(__dirname, '../../../.tools/kafka/credentials');

/** A broker login, in the shape of @switchback/bus' KafkaSasl (this lib stays below the bus). */
interface TestKafkaSasl {
  readonly mechanism: 'scram-sha-512';
  readonly username: string;
  readonly password: string;
}

/**
 * The tests' broker login: KAFKA_SASL_USERNAME/PASSWORD when set, else the local broker's admin
 * (fixtures create topics under their own prefix, which only the admin may do).
 */
function testKafkaSasl(): TestKafkaSasl | undefined {
  const username = process.env['KAFKA_SASL_USERNAME'];
  if (username) return { mechanism: 'scram-sha-512', username, password: process.env['KAFKA_SASL_PASSWORD'] ?? '' };
  const file = path.join(kafkaCredentialsDir, BUS_ADMIN_PRINCIPAL);
  return existsSync(file) ? { mechanism: 'scram-sha-512', username: BUS_ADMIN_PRINCIPAL, password: readFileSync(file, 'utf8').trim() } : undefined;
}

const kafkaBrokers = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
const kafkaSasl = testKafkaSasl();

/** Endpoints of the real services the project's scripts start; override with the usual variables. */
export const testEnv = {
  kafkaBrokers,
  kafkaSasl,
  kafkaCredentialsDir,
  /** The broker variables of a service's config (brokers and login), for test configs. */
  kafkaEnv: {
    KAFKA_BROKERS: kafkaBrokers.join(','),
    ...(kafkaSasl ? { KAFKA_SASL_MECHANISM: kafkaSasl.mechanism, KAFKA_SASL_USERNAME: kafkaSasl.username, KAFKA_SASL_PASSWORD: kafkaSasl.password } : {}),
  } as Record<string, string>,
  databaseUrl: process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/switchback',
  redisUrl: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
  // The local broker's log.dirs (deploy/local/kafka.sh): leak sweeps read its segment files.
  kafkaDataDir: process.env['KAFKA_DATA_DIR'] ?? path.resolve(__dirname, '../../../.tools/kafka/data'),
};
