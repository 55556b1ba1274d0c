// `make bench-pipeline`: only the pipeline part of `make bench`, for iterating on the hot path.
// Prints the idle latencies (with BENCH_TRACES=1, one message's trace span by span), then the
// pipeline at BENCH_RATE (100) msg/s with CPU per message, and at saturation. Writes nothing.
import { OutcomeWatcher } from '@switchback/stack';
import { OtlpTraceReceiver } from '@switchback/testing';
import { randomBytes } from 'node:crypto';
import { benchStack, brokers, databaseUrl } from './bench-stack';
import { idleLatency } from './idle-latency';
import { PgActivityMeter } from './pg-activity';
import { CpuMeter, stackCpuGroups } from './process-cpu';
import { runPipeline } from './pipeline-run';
import { percentile } from './stats';

const rate = Number(process.env['BENCH_RATE'] ?? 100);
const count = Number(process.env['BENCH_COUNT'] ?? 500);

async function main(): Promise<void> {
  const runId = `probe${randomBytes(3).toString('hex')}`;
  // Exporting traces costs every service CPU: only when asked (BENCH_TRACES=1).
  const receiver = process.env['BENCH_TRACES'] ? await OtlpTraceReceiver.start() : undefined;
  const stack = benchStack(runId, receiver?.tracesUrl);
  const watcher = new OutcomeWatcher(brokers, stack.topicPrefix, { envelope: stack.busEnvelope, signer: stack.producerSigner, sasl: stack.adminSasl });
  try {
    await stack.start();
    await watcher.start();
    const idle = await idleLatency(watcher, receiver, runId);
    console.log(`idle cold: p50 ${percentile(idle.coldMs, 0.5)} ms  max ${Math.max(...idle.coldMs)} ms  ${idle.coldMs.join(' ')}`);
    console.log(`idle warm: p50 ${percentile(idle.warmMs, 0.5)} ms  max ${Math.max(...idle.warmMs)} ms  ${idle.warmMs.join(' ')}`);
    console.log(idle.breakdown);
    if (process.env['BENCH_IDLE_ONLY']) return;
    // As make bench does: JIT, connections and caches warm up over the first few hundred messages.
    await runPipeline(watcher, `${runId}-warm`, 500, rate);
    const meter = new CpuMeter(stackCpuGroups(() => stack.pids()));
    const pg = new PgActivityMeter(databaseUrl);
    meter.start();
    await pg.start();
    const fixed = await runPipeline(watcher, `${runId}-fixed`, count, rate);
    const cpu = meter.stop();
    const db = await pg.stop();
    console.log(`pipeline @${rate}/s: ${fixed.throughput.toFixed(0)} msg/s p50 ${fixed.p50} p95 ${fixed.p95} p99 ${fixed.p99} (n=${fixed.count})`);
    console.log(`send → DELIVERED: p50 ${fixed.delivered.p50} p95 ${fixed.delivered.p95} p99 ${fixed.delivered.p99} (n=${fixed.delivered.count})`);
    console.log(`cpu ms per message: ${Object.entries(cpu).map(([name, ms]) => `${name} ${(ms / fixed.count).toFixed(2)}`).join(', ')}`);
    console.log(`postgres per message: ${(db.commits / fixed.count).toFixed(2)} commits, ${db.statements === undefined ? 'statements unknown (pg_stat_statements not preloaded)' : `${(db.statements / fixed.count).toFixed(2)} statements`}`);
    for (const row of db.top) console.log(`  ${(row.calls / fixed.count).toFixed(2)}/msg  ${row.query.replace(/\s+/g, ' ').slice(0, 160)}`);
    if (process.env['BENCH_NO_SAT']) return;
    const sat = await runPipeline(watcher, `${runId}-sat`, 2_000, null);
    console.log(`pipeline saturation: ${sat.throughput.toFixed(0)} msg/s p50 ${sat.p50} p99 ${sat.p99} (n=${sat.count})`);
  } finally {
    await watcher.stop().catch(() => undefined);
    await stack.stop();
    await receiver?.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
