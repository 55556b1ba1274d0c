import { create, DeliveryStatus, SendRequestedSchema } from '@switchback/contracts';
import type { OutcomeWatcher } from '@switchback/stack';
import { paced } from './bare-relay';
import { summarize, type RunStats } from './stats';

/** Pushes sends through the real pipeline and times each to its SUBMITTED outcome. */
export async function runPipeline(watcher: OutcomeWatcher, runId: string, count: number, ratePerS: number | null): Promise<RunStats> {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let last = 0;
  const seen = watcher.outcomes.length;
  const first = Date.now();
  await paced(count, ratePerS, (i) => {
    const messageId = `${runId}-${i}`;
    sentAt.set(messageId, Date.now());
    // Half RCS-reachable, half SMS-only (the hub answers +4477009009… with 404).
    const recipient = i % 2 === 0 ? `+4477009001${String(i % 100).padStart(2, '0')}` : `+4477009009${String(i % 100).padStart(2, '0')}`;
    const send = create(SendRequestedSchema, { messageId, tenantId: 'bench', recipient, content: { text: 'benchmark message' }, requestedAtMs: BigInt(Date.now()) });
    return watcher.publisher.publish('sendRequested', send, { key: recipient, messageId });
  });
  await watcher.waitFor((outcomes) => outcomes.slice(seen).filter((o) => o.status === DeliveryStatus.SUBMITTED && sentAt.has(o.messageId)).length >= count, 120_000);
  for (const outcome of watcher.outcomes.slice(seen)) {
    const started = sentAt.get(outcome.messageId);
    if (started === undefined || outcome.status !== DeliveryStatus.SUBMITTED) continue;
    latencies.push(Number(outcome.occurredAtMs) - started);
    last = Math.max(last, Number(outcome.occurredAtMs));
  }
  return summarize(latencies, first, last);
}
