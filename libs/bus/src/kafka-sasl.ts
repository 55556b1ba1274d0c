import type { SASLOptions } from 'kafkajs';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** How a client logs in to the broker (SASL over the client listener). */
export interface KafkaSasl {
  readonly mechanism: 'scram-sha-512' | 'scram-sha-256' | 'plain';
  readonly username: string;
  readonly password: string;
}

/** The broker variables of kafkaConfig (@switchback/config) that name the client's login. */
export interface KafkaSaslVariables {
  readonly KAFKA_SASL_MECHANISM: KafkaSasl['mechanism'];
  readonly KAFKA_SASL_USERNAME?: string | undefined;
  readonly KAFKA_SASL_PASSWORD?: string | undefined;
  readonly KAFKA_SASL_PASSWORD_FILE?: string | undefined;
}

/** The login the variables describe; none when no user is set (a broker without SASL). */
export function kafkaSaslOf(config: KafkaSaslVariables): KafkaSasl | undefined {
  if (!config.KAFKA_SASL_USERNAME) return undefined;
  const password = config.KAFKA_SASL_PASSWORD ?? (config.KAFKA_SASL_PASSWORD_FILE ? readFileSync(config.KAFKA_SASL_PASSWORD_FILE, 'utf8').trim() : undefined);
  if (!password) throw new Error('KAFKA_SASL_USERNAME is set but neither KAFKA_SASL_PASSWORD nor KAFKA_SASL_PASSWORD_FILE is');
  return { mechanism: config.KAFKA_SASL_MECHANISM, username: config.KAFKA_SASL_USERNAME, password };
}

/**
 * The SCRAM login of one principal of the local broker (deploy/local/kafka.sh keeps one password
 * file per principal in its credentials directory); none when that broker has not made it.
 */
export function localBrokerSasl(credentialsDir: string, principal: string): KafkaSasl | undefined {
  const file = path.join(credentialsDir, principal);
  if (!existsSync(file)) return undefined;
  return { mechanism: 'scram-sha-512', username: principal, password: readFileSync(file, 'utf8').trim() };
}

/** kafkajs' shape of the login (its type is one object per mechanism, the same fields). */
export function kafkajsSasl(sasl: KafkaSasl): SASLOptions {
  return { ...sasl } as SASLOptions;
}

/** The same login as the environment variables a service reads. */
export function saslEnv(sasl: KafkaSasl | undefined): Record<string, string> {
  return sasl ? { KAFKA_SASL_MECHANISM: sasl.mechanism, KAFKA_SASL_USERNAME: sasl.username, KAFKA_SASL_PASSWORD: sasl.password } : {};
}
