// The two carrier gateways' own send paths against bare clients of the same protocol, in the same
// run, on 127.0.0.1, each pair against the same freshly started simulator process:
// - SMS: smpp-gateway's SmsDispatcher handling DispatchCommands (encoding, leg registration and
//   receipt map in Redis, submit_sm on its ESME: 1 bind, window WINDOW, throughput limit far
//   above the load) vs a bare npm `smpp` client keeping WINDOW submit_sm outstanding.
// - RCS: rcs-gateway's RcsSendService (leg record in Redis, agent limits far above the load,
//   RbmAgentClient) vs a bare `fetch` loop posting the same agentMessages request, both
//   RCS_CONCURRENCY at a time, to the hub simulator with no added latency.
// Kafka is left out of both (the DeliveryOutcome is built, not sent). The counts are split into
// ROUNDS rounds, bare and gateway back to back in alternating order, so load from elsewhere on
// the machine hits both alike: rates are the median over rounds, ratios the median of the
// per-round gateway/bare ratios.
import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createRedisClient } from '@switchback/runtime';
import type { BenchMetrics } from './classifier-bench';
import { bareHttpRun, GatewayRcs, startHub, type RcsRunResult } from './gateway-rcs';
import { BareSmppClient, GatewaySmpp, startSmsc, type SmppRunResult } from './gateway-smpp';

/** submit_sm outstanding at once on the one bind, for both SMPP clients (the gateway's default). */
const WINDOW = 10;
/** DispatchCommands in progress at once: more than WINDOW, so the gateway's window is the bound. */
const DISPATCH_CONCURRENCY = 4 * WINDOW;
const SMS_COUNT = 4_000;
const SMS_WARM_UP = 200;
/** agentMessages calls in flight at once, for both RCS clients (rcs-gateway's default RBM_MAX_IN_FLIGHT). */
const RCS_CONCURRENCY = 16;
const RCS_COUNT = 4_000;
const RCS_WARM_UP = 100;
const ROUNDS = 8;

const NEST_DEFAULT_LEVELS = ['log', 'error', 'warn', 'debug', 'verbose', 'fatal'] as const;

type Run = SmppRunResult | RcsRunResult;

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
};

/** Runs ROUNDS rounds of bare and gateway back to back, bare first in even rounds, gateway first in odd ones. */
async function paired(bare: (round: number) => Promise<Run>, gateway: (round: number) => Promise<Run>): Promise<{ bare: number; gateway: number; ratio: number }> {
  const pairs: { bare: number; gateway: number }[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    if (round % 2 === 0) {
      const b = await bare(round);
      pairs.push({ bare: b.perSecond, gateway: (await gateway(round)).perSecond });
    } else {
      const g = await gateway(round);
      pairs.push({ gateway: g.perSecond, bare: (await bare(round)).perSecond });
    }
  }
  return { bare: median(pairs.map((p) => p.bare)), gateway: median(pairs.map((p) => p.gateway)), ratio: median(pairs.map((p) => p.gateway / p.bare)) };
}

async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = nextCursor;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}

async function smppBench(redis: Redis, prefix: string, runId: string): Promise<BenchMetrics> {
  const smsc = await startSmsc();
  try {
    const bare = await BareSmppClient.bind(smsc.url);
    try {
      const gateway = await GatewaySmpp.start(smsc.url, redis, prefix, WINDOW);
      try {
        return await measureSmpp(bare, gateway, smsc.submits, runId);
      } finally {
        await gateway.stop().catch(() => undefined);
      }
    } finally {
      await bare.close().catch(() => undefined);
    }
  } finally {
    await smsc.sim.stop();
  }
}

async function measureSmpp(bare: BareSmppClient, gateway: GatewaySmpp, smscSubmits: () => Promise<number>, runId: string): Promise<BenchMetrics> {
  const perRound = SMS_COUNT / ROUNDS;
  // Commands are built up front: decoding them off the bus is not part of the measured path.
  const rounds = Array.from({ length: ROUNDS }, (_, r) => GatewaySmpp.commands(`${runId}-sms`, SMS_WARM_UP + r * perRound, perRound));
  await bare.run(0, SMS_WARM_UP, WINDOW);
  await gateway.run(GatewaySmpp.commands(`${runId}-sms`, 0, SMS_WARM_UP), DISPATCH_CONCURRENCY);
  const { bare: bareRate, gateway: gw, ratio } = await paired(
    (r) => bare.run(SMS_WARM_UP + r * perRound, perRound, WINDOW),
    (r) => gateway.run(rounds[r] ?? [], DISPATCH_CONCURRENCY),
  );
  const accepted = await smscSubmits();
  const expected = 2 * (SMS_WARM_UP + SMS_COUNT);
  if (accepted !== expected) throw new Error(`SMSC simulator accepted ${accepted} submit_sm, expected ${expected}`);
  const { windowPeak, throttleWaits } = await gateway.limits();
  if (throttleWaits > 0) throw new Error(`smpp-gateway's throughput limit waited ${throttleWaits} times: raise it`);
  console.log(`smpp: gateway dispatcher ${gw.toFixed(0)} submits/s vs bare smpp client ${bareRate.toFixed(0)} submits/s = ${ratio.toFixed(3)} (window ${WINDOW}, peak ${windowPeak}, ${SMS_COUNT} each in ${ROUNDS} rounds, medians)`);
  return {
    smpp_gateway_submits_per_s: { value: Math.round(gw), unit: 'submits/s' },
    bare_smpp_client_submits_per_s: { value: Math.round(bareRate), unit: 'submits/s' },
    smpp_vs_bare_client: { value: Number(ratio.toFixed(3)), unit: 'ratio' },
  };
}

async function rcsBench(redis: Redis, prefix: string, runId: string): Promise<BenchMetrics> {
  const hub = await startHub();
  try {
    const gateway = GatewayRcs.create(hub.url, redis, prefix);
    const perRound = RCS_COUNT / ROUNDS;
    const rounds = Array.from({ length: ROUNDS }, (_, r) => GatewayRcs.commands(`${runId}-rcs`, RCS_WARM_UP + r * perRound, perRound));
    await bareHttpRun(hub.url, 0, RCS_WARM_UP, RCS_CONCURRENCY);
    await gateway.run(GatewayRcs.commands(`${runId}-rcs`, 0, RCS_WARM_UP), RCS_CONCURRENCY);
    const { bare: bareRate, gateway: gw, ratio } = await paired(
      (r) => bareHttpRun(hub.url, RCS_WARM_UP + r * perRound, perRound, RCS_CONCURRENCY),
      (r) => gateway.run(rounds[r] ?? [], RCS_CONCURRENCY),
    );
    const accepted = await hub.sends();
    const expected = 2 * (RCS_WARM_UP + RCS_COUNT);
    if (accepted !== expected) throw new Error(`hub simulator accepted ${accepted} sends, expected ${expected}`);
    console.log(`rcs:  gateway send service ${gw.toFixed(0)} sends/s vs bare fetch ${bareRate.toFixed(0)} sends/s = ${ratio.toFixed(3)} (concurrency ${RCS_CONCURRENCY}, ${RCS_COUNT} each in ${ROUNDS} rounds, medians)`);
    return {
      rcs_gateway_sends_per_s: { value: Math.round(gw), unit: 'sends/s' },
      bare_http_sends_per_s: { value: Math.round(bareRate), unit: 'sends/s' },
      rcs_vs_bare_http: { value: Number(ratio.toFixed(3)), unit: 'ratio' },
    };
  } finally {
    await hub.sim.stop();
  }
}

/** smpp_vs_bare_client and rcs_vs_bare_http with their rates; starts and stops both simulators. */
export async function gatewayBench(redisUrl: string = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379'): Promise<BenchMetrics> {
  const runId = `bench${randomBytes(3).toString('hex')}`;
  const prefix = `${runId}:`;
  // The services' own client options (auto-pipelining included): the bench measures what runs.
  const redis = createRedisClient(redisUrl);
  // Without an offline queue, commands sent before the connection is ready would fail.
  await once(redis, 'ready');
  // The gateways' classes log through Nest's Logger (binds, shutdown): keep the bench output clean.
  Logger.overrideLogger(['error', 'fatal']);
  try {
    return { ...(await smppBench(redis, prefix, runId)), ...(await rcsBench(redis, prefix, runId)) };
  } finally {
    Logger.overrideLogger([...NEST_DEFAULT_LEVELS]);
    await deleteKeys(redis, prefix).catch(() => undefined);
    redis.disconnect();
  }
}
