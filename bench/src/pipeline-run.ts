import { create, DeliveryStatus, SendRequestedSchema, type DeliveryOutcome } from '@switchback/contracts';
import type { OutcomeWatcher } from '@switchback/stack';
import { paced } from './bare-relay';
import { summarize, type RunStats } from './stats';

/** One run through the real pipeline: send → SUBMITTED (throughput, latency) and send → DELIVERED. */
export interface PipelineRun extends RunStats {
  /** send → first DELIVERED outcome (the simulators deliver at once); `count` says how many arrived in time. */
  readonly delivered: RunStats;
  /** Per message id: ms from send to its first SUBMITTED, and to its first DELIVERED. */
  readonly latencies: { readonly submitted: ReadonlyMap<string, number>; readonly delivered: ReadonlyMap<string, number> };
}

const DELIVERED_WAIT_MS = 60_000;

export interface PipelineRunOptions {
  /** The text of send `i` (default: the same short, non-sensitive text for all). */
  readonly textOf?: (i: number) => string;
  /** The recipient of send `i` (default: 100 RCS-reachable and 100 SMS-only numbers, alternating). */
  readonly recipientOf?: (i: number) => string;
}

// Half RCS-reachable, half SMS-only (the hub answers +4477009009… with 404).
const defaultRecipient = (i: number) => (i % 2 === 0 ? `+4477009001${String(i % 100).padStart(2, '0')}` : `+4477009009${String(i % 100).padStart(2, '0')}`);

/** Pushes sends through the real pipeline and times each to its SUBMITTED, then its DELIVERED outcome. */
export async function runPipeline(watcher: OutcomeWatcher, runId: string, count: number, ratePerS: number | null, options: PipelineRunOptions = {}): Promise<PipelineRun> {
  const sentAt = new Map<string, number>();
  const seen = watcher.outcomes.length;
  const first = Date.now();
  await paced(count, ratePerS, (i) => {
    const messageId = `${runId}-${i}`;
    sentAt.set(messageId, Date.now());
    const recipient = (options.recipientOf ?? defaultRecipient)(i);
    const send = create(SendRequestedSchema, { messageId, tenantId: 'bench', recipient, content: { text: options.textOf?.(i) ?? 'benchmark message' }, requestedAtMs: BigInt(Date.now()) });
    return watcher.publisher.publish('sendRequested', send, { key: messageId, messageId }); // never the number as a record key
  });
  const ours = (status: DeliveryStatus) => (outcomes: DeliveryOutcome[]) => firstPerMessage(outcomes.slice(seen), status, sentAt);
  await watcher.waitFor((outcomes) => ours(DeliveryStatus.SUBMITTED)(outcomes).size >= count, 120_000);
  const submittedAt = ours(DeliveryStatus.SUBMITTED)(watcher.outcomes);
  // Deliveries trail the submits: wait for them, bounded (a missing one shows in delivered.count).
  await watcher.waitFor((outcomes) => ours(DeliveryStatus.DELIVERED)(outcomes).size >= count, DELIVERED_WAIT_MS).catch(() => undefined);
  const deliveredAt = ours(DeliveryStatus.DELIVERED)(watcher.outcomes);
  const latencies = { submitted: latenciesOf(submittedAt, sentAt), delivered: latenciesOf(deliveredAt, sentAt) };
  return { ...timed(latencies.submitted, submittedAt, first), delivered: timed(latencies.delivered, deliveredAt, first), latencies };
}

/** The first outcome of `status` per message of this run (a leg's SUBMITTED, the winning DELIVERED). */
function firstPerMessage(outcomes: readonly DeliveryOutcome[], status: DeliveryStatus, sentAt: ReadonlyMap<string, number>): Map<string, number> {
  const firstAt = new Map<string, number>();
  for (const outcome of outcomes) {
    if (outcome.status !== status || !sentAt.has(outcome.messageId) || firstAt.has(outcome.messageId)) continue;
    firstAt.set(outcome.messageId, Number(outcome.occurredAtMs));
  }
  return firstAt;
}

function latenciesOf(occurredAt: ReadonlyMap<string, number>, sentAt: ReadonlyMap<string, number>): Map<string, number> {
  return new Map([...occurredAt].map(([messageId, at]) => [messageId, at - (sentAt.get(messageId) ?? at)]));
}

function timed(latencies: ReadonlyMap<string, number>, occurredAt: ReadonlyMap<string, number>, first: number): RunStats {
  return summarize([...latencies.values()], first, Math.max(first + 1, ...occurredAt.values()));
}

/**
 * The knee of a load curve: the highest offered rate the pipeline kept up with, at least 90 %
 * of it kept and send → SUBMITTED p95 within the SLO's 1 s; 0 when none was.
 */
export function kneeOf(curve: readonly { readonly rate: number; readonly run: RunStats }[]): number {
  return Math.max(0, ...curve.filter(({ rate, run }) => run.throughput >= 0.9 * rate && run.p95 <= 1_000).map(({ rate }) => rate));
}
