import { createKafka, silentBusLogger } from '@switchback/bus';
import { testEnv } from '@switchback/testing';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from 'pg';

/** What must never be stored or logged: exact strings (canaries) or patterns (phone numbers). */
export type Needle = string | RegExp;

const found = (haystack: string, needle: Needle): boolean => (typeof needle === 'string' ? haystack.includes(needle) : needle.test(haystack));
const leaksIn = (where: string, haystack: string, needles: readonly Needle[]): string[] => needles.filter((needle) => found(haystack, needle)).map((needle) => `${where}: ${String(needle)}`);

/** Every row of every base table in the schemas starting with `schemaPrefix` (the stack's services). */
export async function tableLeaks(db: Client, schemaPrefix: string, needles: readonly Needle[]): Promise<{ tables: number; leaks: string[] }> {
  const { rows: tables } = await db.query(`SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema LIKE $1 AND table_type = 'BASE TABLE'`, [`${schemaPrefix}%`]);
  const leaks: string[] = [];
  for (const { table_schema: schema, table_name: table } of tables as Array<{ table_schema: string; table_name: string }>) {
    const { rows } = await db.query(`SELECT * FROM "${schema}"."${table}"`);
    leaks.push(...leaksIn(`${schema}.${table}`, JSON.stringify(rows), needles));
  }
  return { tables: tables.length, leaks };
}

/** The services' log files in `logDir` (the simulators, which play the carriers, are left out). */
export function logLeaks(logDir: string, needles: readonly Needle[]): { files: number; leaks: string[] } {
  const files = readdirSync(logDir).filter((file) => file.endsWith('.log') && !file.includes('simulator'));
  return { files: files.length, leaks: files.flatMap((file) => leaksIn(file, readFileSync(path.join(logDir, file), 'utf8'), needles)) };
}

/** Keys and values (strings and hashes) under `keyPrefix`. */
export async function redisLeaks(redisUrl: string, keyPrefix: string, needles: readonly Needle[]): Promise<{ keys: number; leaks: string[] }> {
  const redis = new Redis(redisUrl);
  try {
    const keys = await redis.keys(`${keyPrefix}*`);
    const values = await Promise.all(
      keys.map(async (key) => {
        const type = await redis.type(key);
        return type === 'string' ? redis.get(key) : type === 'hash' ? JSON.stringify(await redis.hgetall(key)) : '';
      }),
    );
    return { keys: keys.length, leaks: leaksIn('redis', JSON.stringify({ keys, values }), needles) };
  } finally {
    redis.disconnect();
  }
}

/** kafkajs' ConfigResourceTypes.BROKER (this project imports kafkajs only in libs/bus). */
const BROKER_RESOURCE = 4;

/**
 * Where the broker keeps its log segments: its `log.dirs` (the first), as it reports them, so
 * the sweep reads the broker the stack really used (ours from deploy/local/kafka.sh, or one it
 * reused). Falls back to `fallback` when the broker does not say.
 */
export async function brokerLogDir(brokers: string[], fallback: string): Promise<string> {
  const admin = createKafka({ serviceName: 'e2e-log-dirs', brokers, sasl: testEnv.kafkaSasl, topicPrefix: '', retryDelaysMs: [1_000], partitionsConcurrently: 1, logger: silentBusLogger }).admin();
  await admin.connect();
  try {
    const { brokers: nodes } = await admin.describeCluster();
    const node = String(nodes[0]?.nodeId ?? 1);
    const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: BROKER_RESOURCE as never, name: node, configNames: ['log.dirs', 'log.dir'] }] });
    const entries = resources[0]?.configEntries ?? [];
    const dirs = entries.find((entry) => entry.configName === 'log.dirs')?.configValue || entries.find((entry) => entry.configName === 'log.dir')?.configValue;
    return dirs ? dirs.split(',')[0]!.trim() : fallback;
  } finally {
    await admin.disconnect();
  }
}

/**
 * The broker's own files: every log segment (`.log`) of the topics whose names start with
 * `topicPrefix` (the stack's event, retry and dead-letter topics), read as bytes, as anyone
 * with a copy of the broker's disk could.
 */
export function segmentLeaks(dataDir: string, topicPrefix: string, needles: readonly Needle[]): { segments: number; leaks: string[] } {
  const partitions = readdirSync(dataDir).filter((dir) => dir.startsWith(topicPrefix) && /-\d+$/.test(dir));
  let segments = 0;
  const leaks: string[] = [];
  for (const partition of partitions) {
    for (const file of readdirSync(path.join(dataDir, partition)).filter((name) => name.endsWith('.log'))) {
      segments += 1;
      const bytes = readFileSync(path.join(dataDir, partition, file)).toString('latin1');
      leaks.push(...leaksIn(`${partition}/${file}`, bytes, needles));
    }
  }
  return { segments, leaks };
}

/** The records on the given topics (from the beginning) that `match`, read until `count` of them arrived or the bound. */
export async function readTopics(brokers: string[], topics: readonly string[], count: number, timeoutMs = 20_000, match: (value: Buffer) => boolean = () => true): Promise<{ topic: string; value: Buffer }[]> {
  const kafka = createKafka({ serviceName: 'e2e-reader', brokers, sasl: testEnv.kafkaSasl, topicPrefix: '', retryDelaysMs: [1_000], partitionsConcurrently: 1, logger: silentBusLogger });
  const consumer = kafka.consumer({ groupId: `e2e-reader-${randomBytes(4).toString('hex')}` });
  const records: { topic: string; value: Buffer }[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      void consumer.run({
        eachMessage: async ({ topic, message }) => {
          if (message.value && match(message.value)) records.push({ topic, value: message.value });
          if (records.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return records;
}
