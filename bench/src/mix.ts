// A realistic mix at 100 msg/s: 10,000 distinct recipients, 90 % of them already in the
// capability cache (warmed through capability-discovery's batchGet before the clock starts),
// 30 % SMS-only, 5 % RCS-capable recipients whose RCS send fails (the hub answers 404, routing
// fails over to SMS) and 10 % sensitive texts (an OTP: a secure link goes out instead). Each
// class is reported on its own, so a slow class cannot hide in the average.
import type { OutcomeWatcher, Stack } from '@switchback/stack';
import { runPipeline, type PipelineRun } from './pipeline-run';
import { summarize, type RunStats } from './stats';

export type MixClass = 'rcs' | 'sms_only' | 'failover' | 'sensitive';
export const MIX_CLASSES: readonly MixClass[] = ['rcs', 'sms_only', 'failover', 'sensitive'];

/** Hub simulator prefixes of the mix: RCS, SMS-only (no RCS), and RCS whose sends answer 404. */
export const MIX_RCS_PREFIX = '+4479117';
export const MIX_SMS_ONLY_PREFIX = '+4479119';
export const MIX_FAILOVER_PREFIX = '+4479118';
export const MIX_HUB_PROFILES = [{ prefix: MIX_FAILOVER_PREFIX, profile: { rcs: true, sendNotFound: true } }] as const;

const RECIPIENTS = 10_000;
const WARM_SHARE = 0.9;
const RATE = 100;
const COUNT = 2_000;
const BATCH_GET = 100;

export interface MixResult {
  readonly all: PipelineRun;
  readonly classes: Readonly<Record<MixClass, { readonly count: number; readonly submitted: RunStats; readonly delivered: RunStats }>>;
  /** Share of the run's recipients that were in the warmed cache. */
  readonly warmShare: number;
}

/** Recipient r of the pool: 30 % SMS-only, 5 % failing RCS, the rest RCS. */
export function recipientOfPool(r: number): { readonly e164: string; readonly kind: 'rcs' | 'sms_only' | 'failover' } {
  const digits = String(r).padStart(5, '0');
  if (r % 20 < 6) return { e164: `${MIX_SMS_ONLY_PREFIX}${digits}`, kind: 'sms_only' };
  if (r % 20 === 6) return { e164: `${MIX_FAILOVER_PREFIX}${digits}`, kind: 'failover' };
  return { e164: `${MIX_RCS_PREFIX}${digits}`, kind: 'rcs' };
}

/** Message i's recipient: a stride through the pool, so 2,000 messages reach 2,000 recipients. */
const poolIndexOf = (i: number) => (i * 7_919) % RECIPIENTS;
/** Every tenth message carries a one-time code: classified secret, it leaves as a secure link. */
const isSensitive = (i: number) => i % 10 === 9;
const textOf = (i: number) => (isSensitive(i) ? `Your verification code is ${String(100_000 + ((i * 7_717) % 900_000))}. Do not share it.` : 'Your order has shipped and arrives tomorrow.');

/** The recipients warmed before the run: 90 % of the pool (every one whose index mod 10 is not 0). */
const isWarm = (r: number) => r % 10 !== 0;

async function warmCache(capabilityUrl: string, capabilityKey: string): Promise<void> {
  const warm = Array.from({ length: RECIPIENTS }, (_, r) => r).filter(isWarm);
  for (let from = 0; from < warm.length; from += BATCH_GET) {
    const phoneNumbers = warm.slice(from, from + BATCH_GET).map((r) => recipientOfPool(r).e164);
    const response = await fetch(`${capabilityUrl}/v1/capabilities:batchGet`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${capabilityKey}` }, body: JSON.stringify({ phoneNumbers }) });
    if (!response.ok) throw new Error(`mix: warming the capability cache answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
  }
}

export async function mixRun(stack: Stack, watcher: OutcomeWatcher, runId: string): Promise<MixResult> {
  await warmCache(`http://127.0.0.1:${stack.ports['capability-discovery']}`, stack.capabilityApiKey);
  const recipientOf = (i: number) => recipientOfPool(poolIndexOf(i)).e164;
  const all = await runPipeline(watcher, runId, COUNT, RATE, { recipientOf, textOf });
  const classOf = (i: number): MixClass => (isSensitive(i) ? 'sensitive' : recipientOfPool(poolIndexOf(i)).kind);
  const start = Date.now();
  const byClass = (kind: MixClass, from: ReadonlyMap<string, number>) => {
    const latencies = Array.from({ length: COUNT }, (_, i) => i)
      .filter((i) => classOf(i) === kind)
      .flatMap((i) => {
        const ms = from.get(`${runId}-${i}`);
        return ms === undefined ? [] : [ms];
      });
    // Throughput means nothing per class: only the latencies and the count are reported.
    return summarize(latencies, start - 1_000, start);
  };
  const classes = Object.fromEntries(
    MIX_CLASSES.map((kind) => [kind, { count: Array.from({ length: COUNT }, (_, i) => i).filter((i) => classOf(i) === kind).length, submitted: byClass(kind, all.latencies.submitted), delivered: byClass(kind, all.latencies.delivered) }]),
  ) as MixResult['classes'];
  const warmShare = Array.from({ length: COUNT }, (_, i) => (isWarm(poolIndexOf(i)) ? 1 : 0)).reduce<number>((sum, warm) => sum + warm, 0) / COUNT;
  return { all, classes, warmShare };
}
