// `make bench`: a bare kafkajs relay with the pipeline's number of hops, then the real
// pipeline (six services, both simulators), each at a fixed offered rate and at saturation,
// in the same run on the same broker. Writes bench/results/latest.json.
import { OutcomeWatcher } from '@switchback/stack';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchStack, brokers, root } from './bench-stack';
import { BareRelay } from './bare-relay';
import { capabilityCacheBench } from './capability-cache-bench';
import { classifierBench } from './classifier-bench';
import { gatewayBench } from './gateway-bench';
import { linksBench } from './links-bench';
import { routingDecisionBench } from './routing-decision-bench';
import { idleLatency } from './idle-latency';
import { runPipeline } from './pipeline-run';
import { CpuMeter, stackCpuGroups } from './process-cpu';
import { percentile, type RunStats } from './stats';

const FIXED_RATE = 100;
const FIXED_COUNT = 500;
const SATURATION_COUNT = 2_000;

const show = (label: string, s: RunStats) => console.log(`${label.padEnd(28)} ${s.throughput.toFixed(0).padStart(6)} msg/s  p50 ${s.p50.toFixed(0).padStart(5)} ms  p99 ${s.p99.toFixed(0).padStart(5)} ms  (n=${s.count})`);

async function main(): Promise<void> {
  // In-process benchmarks first, on an idle machine (one core each).
  const classifier = await classifierBench();
  const routing = routingDecisionBench();
  const capabilityCache = await capabilityCacheBench(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
  const links = await linksBench();
  const gateways = await gatewayBench();
  for (const [name, { value, unit }] of Object.entries({ ...classifier, ...routing, ...capabilityCache, ...links, ...gateways })) console.log(`${name.padEnd(40)} ${String(value).padStart(12)} ${unit}`);

  const runId = `bench${randomBytes(3).toString('hex')}`;
  const bare = new BareRelay(brokers, `${runId}.`);
  await bare.start();
  await bare.run(50, null); // warm-up
  const bareFixed = await bare.run(FIXED_COUNT, FIXED_RATE);
  const bareSat = await bare.run(SATURATION_COUNT, null);
  await bare.stop();

  const stack = benchStack(runId);
  const watcher = new OutcomeWatcher(brokers, stack.topicPrefix);
  let pipeFixed: RunStats;
  let pipeSat: RunStats;
  let idle: Awaited<ReturnType<typeof idleLatency>>;
  let cpuMs: Record<string, number>;
  try {
    await stack.start();
    await watcher.start();
    idle = await idleLatency(watcher, undefined, runId);
    await runPipeline(watcher, `${runId}-warm`, 50, null);
    const meter = new CpuMeter(stackCpuGroups(() => stack.pids()));
    meter.start();
    pipeFixed = await runPipeline(watcher, `${runId}-fixed`, FIXED_COUNT, FIXED_RATE);
    cpuMs = meter.stop();
    pipeSat = await runPipeline(watcher, `${runId}-sat`, SATURATION_COUNT, null);
  } finally {
    await watcher.stop().catch(() => undefined);
    await stack.stop();
  }

  console.log(`\nend to end: send request → SUBMITTED outcome (pipeline) vs 4-topic bare kafkajs relay`);
  show(`bare relay @${FIXED_RATE}/s`, bareFixed);
  show(`pipeline   @${FIXED_RATE}/s`, pipeFixed);
  show('bare relay saturation', bareSat);
  show('pipeline   saturation', pipeSat);
  console.log(`idle, one message at a time: cold cache p50 ${percentile(idle.coldMs, 0.5)} ms, warm p50 ${percentile(idle.warmMs, 0.5)} ms`);
  console.log(`CPU ms per message at ${FIXED_RATE}/s: ${Object.entries(cpuMs).map(([name, ms]) => `${name} ${(ms / pipeFixed.count).toFixed(2)}`).join(', ')}`);
  const ratio = pipeSat.throughput / bareSat.throughput;
  console.log(`pipeline / bare relay throughput at saturation: ${ratio.toFixed(2)}`);

  const metrics = {
    pipeline_throughput_msgs_per_s: { value: round(pipeSat.throughput), unit: 'msg/s' },
    bare_relay_throughput_msgs_per_s: { value: round(bareSat.throughput), unit: 'msg/s' },
    pipeline_vs_bare_relay: { value: round(ratio, 3), unit: 'ratio' },
    pipeline_p50_ms: { value: pipeFixed.p50, unit: 'ms' },
    pipeline_p99_ms: { value: pipeFixed.p99, unit: 'ms' },
    pipeline_p95_ms: { value: pipeFixed.p95, unit: 'ms' },
    pipeline_idle_cold_p50_ms: { value: percentile(idle.coldMs, 0.5), unit: 'ms' },
    pipeline_idle_warm_p50_ms: { value: percentile(idle.warmMs, 0.5), unit: 'ms' },
    ...Object.fromEntries(Object.entries(cpuMs).map(([name, ms]) => [`cpu_ms_per_msg_${name.replace(/-/g, '_')}`, { value: round(ms / pipeFixed.count, 2), unit: 'ms' }])),
    pipeline_saturation_p50_ms: { value: pipeSat.p50, unit: 'ms' },
    pipeline_saturation_p99_ms: { value: pipeSat.p99, unit: 'ms' },
    bare_relay_p50_ms: { value: bareFixed.p50, unit: 'ms' },
    bare_relay_p99_ms: { value: bareFixed.p99, unit: 'ms' },
    ...classifier,
    ...routing,
    ...capabilityCache,
    ...links,
    ...gateways,
  };
  mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(path.join(root, 'bench', 'results', 'latest.json'), `${JSON.stringify({ metrics }, null, 2)}\n`);
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
