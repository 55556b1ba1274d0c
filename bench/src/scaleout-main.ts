// `make bench-scaleout`: only the scale-out part of `make bench`. routing at saturation with one
// and two instances, then a rebalance mid-run at 100 msg/s (lost, duplicate terminals, SMS
// twice at the SMSC). Writes nothing.
import { OutcomeWatcher } from '@switchback/stack';
import { randomBytes } from 'node:crypto';
import { benchStack, brokers } from './bench-stack';
import { runPipeline } from './pipeline-run';
import { scaleOut } from './scaleout';

async function main(): Promise<void> {
  const runId = `scale${randomBytes(3).toString('hex')}`;
  const stack = benchStack(runId);
  const watcher = new OutcomeWatcher(brokers, stack.topicPrefix, { envelope: stack.busEnvelope, signer: stack.producerSigner, sasl: stack.adminSasl });
  const terminals = new OutcomeWatcher(brokers, stack.topicPrefix, { envelope: stack.busEnvelope, signer: stack.producerSigner, sasl: stack.adminSasl, decisionsAndTerminals: true, name: 'terminal-watcher' });
  try {
    await stack.start();
    await watcher.start();
    await terminals.start();
    await runPipeline(watcher, `${runId}-warm`, 50, null);
    const result = await scaleOut(stack, watcher, terminals, `http://127.0.0.1:${stack.ports['smsc-admin']}`, runId);
    for (const [label, run] of [['routing ×1 saturation', result.oneInstance], ['routing ×2 saturation', result.twoInstances], ['rebalance @100/s', result.rebalance]] as const) {
      console.log(`${label.padEnd(24)} ${run.throughput.toFixed(0).padStart(5)} msg/s  p50 ${run.p50} ms  p99 ${run.p99} ms  (n=${run.count})`);
    }
    console.log(`rebalance: ${result.lost} lost, ${result.duplicateTerminals} with two terminals, ${result.duplicateSms} SMS twice at the SMSC (of ${result.smsReceived} received)`);
  } finally {
    await terminals.stop().catch(() => undefined);
    await watcher.stop().catch(() => undefined);
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
