import { create, DeliveryStatus, SendRequestedSchema } from '@switchback/contracts';
import type { OutcomeWatcher } from '@switchback/stack';
import type { OtlpTraceReceiver, ReceivedSpan } from '@switchback/testing';

export interface IdleLatency {
  /** send → SUBMITTED per message, one message in flight at a time. */
  readonly coldMs: number[];
  readonly warmMs: number[];
  /** Where one warm message's time went: the spans of its trace, in start order. */
  readonly breakdown: string;
}

/**
 * One message at a time through an otherwise idle stack: cold (a recipient never seen, so the
 * capability cache misses) and warm (the same recipients again). With a trace receiver, the
 * last warm message's spans are printed with their offsets, so a slow hop names itself.
 */
export async function idleLatency(watcher: OutcomeWatcher, receiver: OtlpTraceReceiver | undefined, runId: string, count = 10): Promise<IdleLatency> {
  const recipients = Array.from({ length: count }, (_, i) => `+44770090${String(1000 + i).padStart(4, '0')}`);
  const coldMs: number[] = [];
  const warmMs: number[] = [];
  for (const [i, recipient] of recipients.entries()) coldMs.push(await timeOne(watcher, `${runId}-idle-cold-${i}`, recipient));
  let lastWarm = '';
  for (const [i, recipient] of recipients.entries()) {
    lastWarm = `${runId}-idle-warm-${i}`;
    warmMs.push(await timeOne(watcher, lastWarm, recipient));
  }
  const breakdown = receiver ? await traceBreakdown(receiver, lastWarm) : '(no trace receiver)';
  return { coldMs, warmMs, breakdown };
}

async function timeOne(watcher: OutcomeWatcher, messageId: string, recipient: string): Promise<number> {
  const sentAt = Date.now();
  const send = create(SendRequestedSchema, { messageId, tenantId: 'bench', recipient, content: { text: 'idle latency probe' }, requestedAtMs: BigInt(sentAt) });
  await watcher.publisher.publish('sendRequested', send, { key: messageId, messageId }); // never the number as a record key
  const isSubmitted = (o: { messageId: string; status: DeliveryStatus }) => o.messageId === messageId && o.status === DeliveryStatus.SUBMITTED;
  await watcher.waitFor((outcomes) => outcomes.some(isSubmitted), 30_000);
  const outcome = watcher.outcomes.find(isSubmitted)!;
  return Number(outcome.occurredAtMs) - sentAt;
}

/** The message's trace as `+offset ms  duration ms  service  span`, in start order. */
async function traceBreakdown(receiver: OtlpTraceReceiver, messageId: string): Promise<string> {
  const traceOf = (spans: readonly ReceivedSpan[]) => spans.find((span) => span.attributes['messaging.message.id'] === messageId)?.traceId;
  // Services flush spans every 200 ms; wait until the gateway's outcome publish has arrived.
  await receiver.waitFor((spans) => {
    const id = traceOf(spans);
    return id !== undefined && spans.some((span) => span.traceId === id && span.name.endsWith('sb.delivery.outcome') && span.kind === 4);
  }, 10_000).catch(() => undefined);
  // The other services' batches (flushed every 200 ms) arrive a moment later.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const traceId = traceOf(receiver.spans);
  if (!traceId) return '(trace not found)';
  const spans = receiver.spans.filter((span) => span.traceId === traceId).sort((a, b) => a.startMs - b.startMs);
  const origin = spans[0]!.startMs;
  return spans.map((span) => `  +${(span.startMs - origin).toFixed(1).padStart(7)} ms ${(span.endMs - span.startMs).toFixed(1).padStart(7)} ms  ${span.service.padEnd(22)} ${span.name}`).join('\n');
}
