// `make demo`: starts the simulators and the six services, pushes a scripted scenario through
// the real pipeline, prints what happened to each message, and stops everything it started.
import { Channel, DeliveryStatus } from '@switchback/contracts';
import { OutcomeWatcher, Stack } from '@switchback/stack';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { demoScenario } from './scenario';

const root = path.resolve(__dirname, '../../../..');
const brokers = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';
const databaseUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/switchback';

async function auditRowCount(schema: string, messageId: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query(`SELECT count(*)::int AS n FROM "${schema}".audit_events WHERE message_id = $1`, [messageId]);
    return (result.rows[0] as { n: number }).n;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const runId = `demo${randomBytes(3).toString('hex')}`;
  const stack = new Stack({ distDir: path.join(root, 'dist'), logDir: path.join(root, '.tools', 'logs', runId), kafkaBrokers: brokers, namespace: runId, basePort: 4100, databaseUrl, redisUrl: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', smsOnlyPrefixes: ['+4477009009'] });
  const watcher = new OutcomeWatcher(brokers.split(','), stack.topicPrefix);
  console.log(`starting the platform (run ${runId}): 2 simulators, 6 services ...`);
  const started = Date.now();
  try {
    await stack.start();
    await watcher.start();
    console.log(`platform ready in ${((Date.now() - started) / 1000).toFixed(1)} s; sending ${demoScenario(runId).length} messages\n`);
    const sends = demoScenario(runId);
    await Promise.all(sends.map((send) => watcher.publisher.publish('sendRequested', send, { key: send.recipient, messageId: send.messageId })));
    const delivered = (id: string) => watcher.outcomes.find((o) => o.messageId === id && o.status === DeliveryStatus.DELIVERED);
    await watcher.waitFor(() => sends.every((send) => delivered(send.messageId)), 60_000);

    console.log('message        recipient       channel  outcome    submitted  delivered  audit rows');
    for (const send of sends) {
      const done = delivered(send.messageId)!;
      const submitted = watcher.outcomes.find((o) => o.messageId === send.messageId && o.status === DeliveryStatus.SUBMITTED);
      const ms = (at: bigint | undefined) => (at === undefined ? '-' : `${Number(at - send.requestedAtMs)} ms`);
      const rows = await auditRowCount(stack.databaseSchema, send.messageId);
      console.log(
        [send.messageId.padEnd(14), send.recipient.replace(/\d{4}$/, '****').padEnd(15), Channel[done.channel].padEnd(8), DeliveryStatus[done.status].padEnd(10), ms(submitted?.occurredAtMs).padEnd(10), ms(done.occurredAtMs).padEnd(10), String(rows)].join(' '),
      );
    }
    console.log('\nlatency = from the send request to the event; audit rows hold metadata only (keyed recipient hashes, no text).');
  } finally {
    await watcher.stop().catch(() => undefined);
    await stack.stop();
    console.log('stopped everything the demo started');
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
