import fc from 'fast-check';
import { eventually } from './eventually';
import type { DeadLetterRecord } from './fuzz-bus';
import { mutatedBytes, oddHeaders } from './fuzz-protobuf';
import type { FuzzRun } from './fuzz-seed';

export interface RawFuzzMessage {
  readonly key: string;
  readonly value: Buffer | null;
  readonly headers: Record<string, string>;
}

/** One consumer under fuzz: how to publish to its topic and how many messages it finished. */
export interface EventFuzzTarget<M> {
  readonly run: FuzzRun;
  /** The (prefixed) event topic the consumer reads. */
  readonly topicName: string;
  /** The partition key of every case: one partition, so the cases arrive in the order drawn. */
  readonly key: string;
  /** A valid message's encoding and headers, as the typed publisher writes them: the base the mutations start from. */
  readonly valid: { readonly bytes: Uint8Array; readonly headers: Readonly<Record<string, string>> };
  /** Valid but odd events, sent through the typed publisher (sealed and signed as the topic wants). */
  readonly odd: fc.Arbitrary<M>;
  publishEvent(event: M, messageId: string): Promise<void>;
  publishRaw(topicName: string, message: RawFuzzMessage): Promise<void>;
  /** Messages of this topic the consumer handled or dead-lettered so far (its metrics). */
  finished(): Promise<number>;
}

type FuzzCase<M> = { readonly kind: 'odd'; readonly event: M } | { readonly kind: 'bytes'; readonly value: Buffer | null } | { readonly kind: 'headers'; readonly headers: Record<string, string> };

/**
 * Publishes `numRuns` drawn cases (odd events, damaged bytes, wrong headers) plus replays of
 * some of them, all on one key, and waits until the consumer finished every one (handled or
 * dead-lettered: a retried one counts when its last attempt ends). Returns how many went out.
 */
export async function fuzzEventBatch<M>(target: EventFuzzTarget<M>, timeoutMs = 30_000): Promise<{ published: number; kinds: Record<string, number> }> {
  const { run, valid } = target;
  const oneCase: fc.Arbitrary<FuzzCase<M>> = fc.oneof(
    target.odd.map((event) => ({ kind: 'odd' as const, event })),
    fc.oneof(mutatedBytes(valid.bytes), fc.constant(null)).map((value) => ({ kind: 'bytes' as const, value })),
    oddHeaders(valid.headers, run.canary).map((headers) => ({ kind: 'headers' as const, headers })),
  );
  // Replays: some cases go out twice, the copy at a later, random place (a reorder too).
  const plan = fc.array(oneCase, { minLength: run.numRuns, maxLength: run.numRuns }).chain((cases) =>
    fc.array(fc.tuple(fc.nat(cases.length - 1), fc.nat(cases.length)), { maxLength: Math.ceil(cases.length / 5) }).map((replays) => {
      const order = cases.map((c, index) => ({ c, id: index }));
      for (const [from, to] of replays) {
        const replayed = order[from];
        if (replayed) order.splice(Math.max(to, from + 1), 0, replayed);
      }
      return order;
    }),
  );
  const order = fc.sample(plan, { seed: run.seed, numRuns: 1 })[0] ?? [];
  const before = await target.finished();
  const kinds: Record<string, number> = {};
  for (const { c, id } of order) {
    kinds[c.kind] = (kinds[c.kind] ?? 0) + 1;
    const messageId = `fz-${run.seed}-${id}`;
    if (c.kind === 'odd') await target.publishEvent(c.event, messageId);
    else if (c.kind === 'bytes') await target.publishRaw(target.topicName, { key: target.key, value: c.value, headers: { ...valid.headers, 'sb-message-id': messageId } });
    else await target.publishRaw(target.topicName, { key: target.key, value: Buffer.from(valid.bytes), headers: c.headers });
  }
  const published = order.length;
  await eventually(async () => expect(await target.finished()).toBeGreaterThanOrEqual(before + published), timeoutMs, 200);
  return { published, kinds };
}

/** Every dead letter names its code and a reason, and neither quotes the fuzzers' canary. */
export function expectReasoned(records: readonly DeadLetterRecord[], canary: string): void {
  for (const record of records) {
    expect(record['sb-error-code']).toMatch(/^[a-z0-9_.:-]+$/i);
    expect((record['sb-dlq-reason'] ?? '').length).toBeGreaterThan(0);
    expect(record['sb-dlq-reason']).not.toContain(canary);
    expect(record['sb-error-code']).not.toContain(canary);
  }
}
