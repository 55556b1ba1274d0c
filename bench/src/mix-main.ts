// `make bench-mix`: only the realistic mix of `make bench` (10,000 recipients, 90 % warm cache,
// 30 % SMS-only, 5 % RCS failing over, 10 % secure links), per class. Writes nothing.
import { OutcomeWatcher } from '@switchback/stack';
import { randomBytes } from 'node:crypto';
import { benchStack, brokers } from './bench-stack';
import { MIX_CLASSES, mixRun } from './mix';
import { runPipeline } from './pipeline-run';

async function main(): Promise<void> {
  const runId = `mix${randomBytes(3).toString('hex')}`;
  const stack = benchStack(runId);
  const watcher = new OutcomeWatcher(brokers, stack.topicPrefix, { envelope: stack.busEnvelope, signer: stack.producerSigner, sasl: stack.adminSasl });
  try {
    await stack.start();
    await watcher.start();
    await runPipeline(watcher, `${runId}-warm`, 50, null);
    const mix = await mixRun(stack, watcher, `${runId}-mix`);
    console.log(`mix @100/s: ${mix.all.throughput.toFixed(0)} msg/s kept, send → SUBMITTED p50 ${mix.all.p50} p99 ${mix.all.p99} ms, DELIVERED p95 ${mix.all.delivered.p95} ms (warm cache share ${mix.warmShare.toFixed(2)})`);
    for (const kind of MIX_CLASSES) {
      const { count, submitted, delivered } = mix.classes[kind];
      console.log(`  ${kind.padEnd(10)} n=${count}: SUBMITTED p50 ${submitted.p50} p95 ${submitted.p95} p99 ${submitted.p99} ms (${submitted.count}), DELIVERED p50 ${delivered.p50} p95 ${delivered.p95} ms (${delivered.count})`);
    }
  } finally {
    await watcher.stop().catch(() => undefined);
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
