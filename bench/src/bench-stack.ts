import { localBrokerSasl } from '@switchback/bus';
import { BUS_ADMIN_PRINCIPAL } from '@switchback/contracts';
import { Stack, type StackOptions } from '@switchback/stack';
import path from 'node:path';
import { MIX_HUB_PROFILES, MIX_SMS_ONLY_PREFIX } from './mix';

export const root = path.resolve(__dirname, '../../..');
export const brokers = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
/** The local broker's admin login (deploy/local/kafka.sh): the benches' own clients use it. */
export const benchKafkaSasl = localBrokerSasl(path.join(root, '.tools', 'kafka', 'credentials'), BUS_ADMIN_PRINCIPAL);
export const databaseUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/switchback';

/** The platform as both pipeline benches run it; `otlpTracesUrl` exports traces (costs CPU). */
export function benchStack(runId: string, otlpTracesUrl?: string, overrides: Partial<StackOptions> = {}): Stack {
  return new Stack({
    distDir: path.join(root, 'dist'),
    logDir: path.join(root, '.tools', 'logs', runId),
    kafkaBrokers: brokers.join(','),
    namespace: runId,
    basePort: 4500,
    databaseUrl,
    redisUrl: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    smsOnlyPrefixes: ['+4477009009', MIX_SMS_ONLY_PREFIX],
    hubPrefixProfiles: MIX_HUB_PROFILES,
    otlpTracesUrl,
    ...overrides,
  });
}
