// `make bench`: a bare kafkajs relay with the pipeline's number of hops, then the real
// pipeline (seven services, both simulators), each at a fixed offered rate and at saturation,
// in the same run on the same broker. Writes bench/results/latest.json.
import { OutcomeWatcher } from '@switchback/stack';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchKafkaSasl, benchStack, brokers, databaseUrl, root } from './bench-stack';
import { BareRelay } from './bare-relay';
import { capabilityCacheBench } from './capability-cache-bench';
import { classifierBench } from './classifier-bench';
import { envelopeBench } from './envelope-bench';
import { gatewayBench } from './gateway-bench';
import { linksBench } from './links-bench';
import { routingDecisionBench } from './routing-decision-bench';
import { idleLatency } from './idle-latency';
import { PgActivityMeter, type PgActivity } from './pg-activity';
import { kneeOf, runPipeline, type PipelineRun } from './pipeline-run';
import { CpuMeter, stackCpuGroups } from './process-cpu';
import { MIX_CLASSES, mixRun, type MixResult } from './mix';
import { scaleOut, type ScaleOutResult } from './scaleout';
import { percentile, type RunStats } from './stats';
import { envelopeOverhead, type EnvelopeOverhead } from './envelope-overhead';

const FIXED_RATE = 100;
const FIXED_COUNT = 500;
const WARM_UP_COUNT = 500;
const SATURATION_COUNT = 2_000;
/** The load curve: offered rates and how many sends each (about 6 s of offered load). */
const CURVE: readonly { readonly rate: number; readonly count: number }[] = [
  { rate: 50, count: 300 },
  { rate: FIXED_RATE, count: 600 },
  { rate: 200, count: 1_200 },
  { rate: 400, count: 2_400 },
];

const show = (label: string, s: RunStats) => console.log(`${label.padEnd(28)} ${s.throughput.toFixed(0).padStart(6)} msg/s  p50 ${s.p50.toFixed(0).padStart(5)} ms  p99 ${s.p99.toFixed(0).padStart(5)} ms  (n=${s.count})`);

async function main(): Promise<void> {
  // In-process benchmarks first, on an idle machine (one core each).
  const classifier = await classifierBench();
  const routing = routingDecisionBench();
  const capabilityCache = await capabilityCacheBench(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
  const links = await linksBench();
  const gateways = await gatewayBench();
  const envelope = await envelopeBench();
  for (const [name, { value, unit }] of Object.entries({ ...classifier, ...routing, ...capabilityCache, ...links, ...gateways })) console.log(`${name.padEnd(40)} ${String(value).padStart(12)} ${unit}`);

  const runId = `bench${randomBytes(3).toString('hex')}`;
  const bare = new BareRelay(brokers, `${runId}.`, benchKafkaSasl);
  await bare.start();
  await bare.run(50, null); // warm-up
  const bareFixed = await bare.run(FIXED_COUNT, FIXED_RATE);
  const bareSat = await bare.run(SATURATION_COUNT, null);
  await bare.stop();

  const stack = benchStack(runId);
  const watcher = new OutcomeWatcher(brokers, stack.topicPrefix, { envelope: stack.busEnvelope, signer: stack.producerSigner, sasl: stack.adminSasl });
  // Only for the scale-out part (it follows terminals too): started just before it.
  const terminals = new OutcomeWatcher(brokers, stack.topicPrefix, { envelope: stack.busEnvelope, signer: stack.producerSigner, sasl: stack.adminSasl, decisionsAndTerminals: true, name: 'terminal-watcher' });
  let scale: ScaleOutResult;
  let mix: MixResult;
  let pipeFixed: PipelineRun;
  let pipeSat: PipelineRun;
  let idle: Awaited<ReturnType<typeof idleLatency>>;
  let cpuMs: Record<string, number>;
  let db: PgActivity;
  let busEnvelope: EnvelopeOverhead;
  const curve: { rate: number; run: PipelineRun }[] = [];
  try {
    await stack.start();
    await watcher.start();
    idle = await idleLatency(watcher, undefined, runId);
    // Steady state is what the SLO is about: JIT, connections and the capability cache warm up
    // over the first few hundred messages (a 50-message warm-up left the 100 msg/s run 5× slower
    // than the same rate measured later in the run).
    await runPipeline(watcher, `${runId}-warm`, WARM_UP_COUNT, FIXED_RATE);
    const meter = new CpuMeter(stackCpuGroups(() => stack.pids()));
    const pg = new PgActivityMeter(databaseUrl);
    meter.start();
    await pg.start();
    pipeFixed = await runPipeline(watcher, `${runId}-fixed`, FIXED_COUNT, FIXED_RATE);
    cpuMs = meter.stop();
    db = await pg.stop();
    for (const { rate, count } of CURVE) curve.push({ rate, run: await runPipeline(watcher, `${runId}-curve${rate}`, count, rate) });
    mix = await mixRun(stack, watcher, `${runId}-mix`);
    pipeSat = await runPipeline(watcher, `${runId}-sat`, SATURATION_COUNT, null);
    await terminals.start();
    scale = await scaleOut(stack, watcher, terminals, `http://127.0.0.1:${stack.ports['smsc-admin']}`, runId);
    busEnvelope = await envelopeOverhead(stack, watcher, runId);
  } finally {
    await terminals.stop().catch(() => undefined);
    await watcher.stop().catch(() => undefined);
    await stack.stop();
  }

  console.log(`\nend to end: send request → SUBMITTED outcome (pipeline) vs 3-topic bare kafkajs relay`);
  show(`bare relay @${FIXED_RATE}/s`, bareFixed);
  show(`pipeline   @${FIXED_RATE}/s`, pipeFixed);
  show('bare relay saturation', bareSat);
  show('pipeline   saturation', pipeSat);
  console.log(`send → DELIVERED @${FIXED_RATE}/s: p50 ${pipeFixed.delivered.p50} ms  p95 ${pipeFixed.delivered.p95} ms  p99 ${pipeFixed.delivered.p99} ms  (n=${pipeFixed.delivered.count})`);
  console.log('load curve (offered → kept; send → SUBMITTED p50/p95/p99; send → DELIVERED p50/p95/p99):');
  for (const { rate, run } of curve) {
    console.log(`  ${String(rate).padStart(4)}/s → ${run.throughput.toFixed(0).padStart(4)}/s  ${run.p50}/${run.p95}/${run.p99} ms  ${run.delivered.p50}/${run.delivered.p95}/${run.delivered.p99} ms (delivered ${run.delivered.count}/${run.count})`);
  }
  const knee = kneeOf(curve);
  console.log(`knee (highest offered rate kept at ≥ 90 % with send → SUBMITTED p95 ≤ 1 s): ${knee} msg/s`);
  const perMsg = (n: number) => round(n / pipeFixed.count, 2);
  console.log(`Postgres per message at ${FIXED_RATE}/s: ${perMsg(db.commits)} commits, ${db.statements === undefined ? 'statements not counted (pg_stat_statements is not preloaded)' : `${perMsg(db.statements)} statements`}`);
  console.log(`realistic mix @100/s (10,000 recipients, cache warm for ${Math.round(mix.warmShare * 100)} % of sends): kept ${mix.all.throughput.toFixed(0)}/s; per class send → SUBMITTED p50/p95/p99, → DELIVERED p95:`);
  for (const kind of MIX_CLASSES) {
    const { count, submitted, delivered } = mix.classes[kind];
    console.log(`  ${kind.padEnd(10)} n=${String(count).padStart(4)}  ${submitted.p50}/${submitted.p95}/${submitted.p99} ms  ${delivered.p95} ms`);
  }
  show('routing ×1 saturation', scale.oneInstance);
  show('routing ×2 saturation', scale.twoInstances);
  show('rebalance @100/s', scale.rebalance);
  console.log(`rebalance (a second routing joins, then leaves, mid-run): ${scale.lost} lost, ${scale.duplicateTerminals} with two terminals, ${scale.duplicateSms} SMS twice at the SMSC (of ${scale.smsReceived} received)`);
  console.log(`idle, one message at a time: cold cache p50 ${percentile(idle.coldMs, 0.5)} ms, warm p50 ${percentile(idle.warmMs, 0.5)} ms`);
  console.log(`CPU ms per message at ${FIXED_RATE}/s: ${Object.entries(cpuMs).map(([name, ms]) => `${name} ${(ms / pipeFixed.count).toFixed(2)}`).join(', ')}`);
  const ratio = pipeSat.throughput / bareSat.throughput;
  console.log(`pipeline / bare relay throughput at saturation: ${ratio.toFixed(2)}`);
  console.log(
    `bus envelope at saturation (alternating runs): sealed ${busEnvelope.sealedMsgsPerS.toFixed(0)} msg/s, plain ${busEnvelope.plainMsgsPerS.toFixed(0)} msg/s, sealed / plain ${busEnvelope.ratio.toFixed(2)}`,
  );

  const metrics = {
    pipeline_throughput_msgs_per_s: { value: round(pipeSat.throughput), unit: 'msg/s' },
    bare_relay_throughput_msgs_per_s: { value: round(bareSat.throughput), unit: 'msg/s' },
    pipeline_vs_bare_relay: { value: round(ratio, 3), unit: 'ratio' },
    pipeline_p50_ms: { value: pipeFixed.p50, unit: 'ms' },
    pipeline_p99_ms: { value: pipeFixed.p99, unit: 'ms' },
    pipeline_p95_ms: { value: pipeFixed.p95, unit: 'ms' },
    pipeline_delivered_p50_ms: { value: pipeFixed.delivered.p50, unit: 'ms' },
    pipeline_delivered_p95_ms: { value: pipeFixed.delivered.p95, unit: 'ms' },
    pipeline_delivered_p99_ms: { value: pipeFixed.delivered.p99, unit: 'ms' },
    pipeline_knee_msgs_per_s: { value: knee, unit: 'msg/s' },
    ...Object.fromEntries(
      curve.flatMap(({ rate, run }) => [
        [`pipeline_curve_${rate}_kept_msgs_per_s`, { value: round(run.throughput), unit: 'msg/s' }],
        [`pipeline_curve_${rate}_p50_ms`, { value: run.p50, unit: 'ms' }],
        [`pipeline_curve_${rate}_p95_ms`, { value: run.p95, unit: 'ms' }],
        [`pipeline_curve_${rate}_p99_ms`, { value: run.p99, unit: 'ms' }],
        [`pipeline_curve_${rate}_delivered_p95_ms`, { value: run.delivered.p95, unit: 'ms' }],
      ]),
    ),
    pg_commits_per_msg: { value: perMsg(db.commits), unit: 'commits' },
    // Counted only where the server preloads pg_stat_statements (see the README's bench paragraph).
    ...(db.statements === undefined ? {} : { pg_roundtrips_per_msg: { value: perMsg(db.statements), unit: 'statements' } }),
    pipeline_mix_kept_msgs_per_s: { value: round(mix.all.throughput), unit: 'msg/s' },
    pipeline_mix_warm_share: { value: round(mix.warmShare, 2), unit: 'ratio' },
    ...Object.fromEntries(
      MIX_CLASSES.flatMap((kind) => [
        [`pipeline_mix_${kind}_p50_ms`, { value: mix.classes[kind].submitted.p50, unit: 'ms' }],
        [`pipeline_mix_${kind}_p99_ms`, { value: mix.classes[kind].submitted.p99, unit: 'ms' }],
        [`pipeline_mix_${kind}_delivered_p95_ms`, { value: mix.classes[kind].delivered.p95, unit: 'ms' }],
      ]),
    ),
    scaleout_lost: { value: scale.lost, unit: 'messages' },
    scaleout_duplicate_terminals: { value: scale.duplicateTerminals, unit: 'messages' },
    scaleout_duplicate_sms: { value: scale.duplicateSms, unit: 'messages' },
    scaleout_sms_received: { value: scale.smsReceived, unit: 'messages' },
    scaleout_one_instance_msgs_per_s: { value: round(scale.oneInstance.throughput), unit: 'msg/s' },
    scaleout_two_instances_msgs_per_s: { value: round(scale.twoInstances.throughput), unit: 'msg/s' },
    scaleout_rebalance_p99_ms: { value: scale.rebalance.p99, unit: 'ms' },
    pipeline_idle_cold_p50_ms: { value: percentile(idle.coldMs, 0.5), unit: 'ms' },
    pipeline_idle_warm_p50_ms: { value: percentile(idle.warmMs, 0.5), unit: 'ms' },
    ...Object.fromEntries(Object.entries(cpuMs).map(([name, ms]) => [`cpu_ms_per_msg_${name.replace(/-/g, '_')}`, { value: round(ms / pipeFixed.count, 2), unit: 'ms' }])),
    bus_encryption_overhead: { value: round(busEnvelope.ratio, 3), unit: 'ratio' },
    bus_encryption_sealed_msgs_per_s: { value: round(busEnvelope.sealedMsgsPerS), unit: 'msg/s' },
    bus_encryption_plain_msgs_per_s: { value: round(busEnvelope.plainMsgsPerS), unit: 'msg/s' },
    pipeline_saturation_p50_ms: { value: pipeSat.p50, unit: 'ms' },
    pipeline_saturation_p99_ms: { value: pipeSat.p99, unit: 'ms' },
    bare_relay_p50_ms: { value: bareFixed.p50, unit: 'ms' },
    bare_relay_p99_ms: { value: bareFixed.p99, unit: 'ms' },
    ...classifier,
    ...routing,
    ...capabilityCache,
    ...links,
    ...gateways,
    ...envelope,
  };
  mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(path.join(root, 'bench', 'results', 'latest.json'), `${JSON.stringify({ metrics }, null, 2)}\n`);
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
