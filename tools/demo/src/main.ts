// `make demo`: starts the simulators and the seven services, pushes a scripted scenario through
// the real pipeline, prints what happened to each message, and stops everything it started.
import { Channel, DeliveryStatus } from '@switchback/contracts';
import { OutcomeWatcher, Stack } from '@switchback/stack';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { showFailover } from './failover-step';
import { openFirstLink } from './open-link';
import { DEMO_SECRET, demoScenario, sensitiveScenario } from './scenario';

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

async function decisionOf(schema: string, messageId: string): Promise<{ outcome: string; fallback_reason: string } | undefined> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query(`SELECT outcome, fallback_reason FROM "${schema}".audit_events WHERE message_id = $1 AND event_type = 'routing_decision'`, [messageId]);
    return result.rows[0] as { outcome: string; fallback_reason: string } | undefined;
  } finally {
    await client.end();
  }
}

/** The fail-closed half: sensitive texts, their decisions, and what the carriers received. */
async function showFailClosed(stack: Stack, runId: string): Promise<void> {
  const sends = sensitiveScenario(runId);
  const watcher = new OutcomeWatcher(brokers.split(','), stack.topicPrefix, { envelope: stack.busEnvelope, signer: stack.producerSigner, sasl: stack.adminSasl });
  await watcher.publisher.connect();
  try {
    for (const send of sends) await watcher.publisher.publish('sendRequested', send, { key: send.messageId, messageId: send.messageId });
  } finally {
    await watcher.publisher.disconnect();
  }
  const deadline = Date.now() + 30_000;
  const decisions = new Map<string, { outcome: string; fallback_reason: string }>();
  while (decisions.size < sends.length && Date.now() < deadline) {
    for (const send of sends) {
      const decision = await decisionOf(stack.databaseSchema, send.messageId);
      if (decision) decisions.set(send.messageId, decision);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  console.log('\nsensitive content (fake secrets), default policy: fail closed');
  console.log('message        recipient       action                 fallback reason');
  for (const send of sends) {
    const decision = decisions.get(send.messageId);
    console.log([send.messageId.padEnd(14), send.recipient.replace(/\d{4}$/, '****').padEnd(15), (decision?.outcome ?? 'no decision in 30 s').padEnd(22), decision?.fallback_reason ?? '-'].join(' '));
  }
  // The link text follows the decision (encrypt, store, dispatch): wait for it at the SMSC.
  const smscBodies = () => fetch(`http://127.0.0.1:${stack.ports['smsc-admin']}/_sim/messages`).then((r) => r.text());
  let smsc = await smscBodies();
  for (const until = Date.now() + 15_000; !smsc.includes('/s/') && Date.now() < until; smsc = await smscBodies()) await new Promise((resolve) => setTimeout(resolve, 250));
  const hub = await fetch(`http://127.0.0.1:${stack.ports['hub']}/_sim/messages`).then((r) => r.text());
  const leaked = smsc.includes(DEMO_SECRET) || hub.includes(DEMO_SECRET) || smsc.includes('4111 1111') || hub.includes('4111 1111');
  console.log(`secret text received by the SMSC or the RCS hub: ${leaked ? 'YES (a leak!)' : 'no'}`);
  const opened = await openFirstLink(smsc);
  if (!opened) return console.log('no secure link reached the SMSC');
  console.log(`the SMS carried only a link (${opened.link}); opening it as the recipient page does:`);
  console.log(`  first open: ${opened.text === undefined ? 'failed' : `decrypted in the client, matches the secret: ${sends.some((send) => send.content?.text === opened.text)}`}`);
  console.log(`  second open: HTTP ${opened.secondStatus} (one view, then the ciphertext is deleted)`);
}

async function main(): Promise<void> {
  const runId = `demo${randomBytes(3).toString('hex')}`;
  const stack = new Stack({ distDir: path.join(root, 'dist'), logDir: path.join(root, '.tools', 'logs', runId), kafkaBrokers: brokers, namespace: runId, basePort: 4100, databaseUrl, redisUrl: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', smsOnlyPrefixes: ['+4477009009'] });
  const watcher = new OutcomeWatcher(brokers.split(','), stack.topicPrefix, { envelope: stack.busEnvelope, signer: stack.producerSigner, sasl: stack.adminSasl });
  console.log(`starting the platform (run ${runId}): 2 simulators, 6 services ...`);
  const started = Date.now();
  try {
    await stack.start();
    await watcher.start();
    console.log(`platform ready in ${((Date.now() - started) / 1000).toFixed(1)} s; sending ${demoScenario(runId).length} messages\n`);
    const sends = demoScenario(runId);
    await Promise.all(sends.map((send) => watcher.publisher.publish('sendRequested', send, { key: send.messageId, messageId: send.messageId })));
    const delivered = (id: string) => watcher.outcomes.find((o) => o.messageId === id && o.status === DeliveryStatus.DELIVERED);
    await watcher.waitFor(() => sends.every((send) => delivered(send.messageId)), 60_000);

    console.log('message        recipient       channel  outcome    submitted  delivered  audit rows');
    for (const send of sends) {
      const done = delivered(send.messageId);
      if (!done) continue; // not reached: waitFor above saw every one delivered
      const submitted = watcher.outcomes.find((o) => o.messageId === send.messageId && o.status === DeliveryStatus.SUBMITTED);
      const ms = (at: bigint | undefined) => (at === undefined ? '-' : `${Number(at - send.requestedAtMs)} ms`);
      const rows = await auditRowCount(stack.databaseSchema, send.messageId);
      console.log(
        [send.messageId.padEnd(14), send.recipient.replace(/\d{4}$/, '****').padEnd(15), Channel[done.channel].padEnd(8), DeliveryStatus[done.status].padEnd(10), ms(submitted?.occurredAtMs).padEnd(10), ms(done.occurredAtMs).padEnd(10), String(rows)].join(' '),
      );
    }
    console.log('\nlatency = from the send request to the event; audit rows hold metadata only (keyed recipient hashes, no text).');
    await showFailClosed(stack, runId);
    await showFailover(stack, runId, brokers.split(','), databaseUrl);
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
