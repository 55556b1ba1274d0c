import type { EventPublisher } from '@switchback/bus';
import { Channel, create, DeliveryStatus, DispatchCommandSchema, type DeliveryOutcome, type DispatchCommand } from '@switchback/contracts';

/** One round of a gateway bench: how fast, over how many commands. */
export interface RoundResult {
  readonly perSecond: number;
  readonly count: number;
}

/**
 * The outcomes a gateway publishes, counted instead of sent: the outcome is built as in
 * production, only Kafka's send is skipped.
 */
export function countingOutcomes(): { readonly counts: { submitted: number; other: number }; readonly publisher: EventPublisher } {
  const counts = { submitted: 0, other: 0 };
  const publisher = {
    publish: (_topic: string, event: DeliveryOutcome) => {
      if (event.status === DeliveryStatus.SUBMITTED) counts.submitted += 1;
      else counts.other += 1;
      return Promise.resolve();
    },
  } as unknown as EventPublisher;
  return { counts, publisher };
}

/** `count` first-leg dispatch commands of one channel, numbered from `from`. */
export function benchCommands(runId: string, from: number, count: number, channel: Channel, recipientOf: (index: number) => string, text: string): DispatchCommand[] {
  return Array.from({ length: count }, (_, k) =>
    create(DispatchCommandSchema, { messageId: `${runId}-${from + k}`, tenantId: 'bench', recipient: recipientOf(from + k), channel, leg: 1, requestedAtMs: BigInt(Date.now()), content: { text } }),
  );
}

/** Hands every command to `send`, `concurrency` at a time; every one must come back SUBMITTED. */
export async function runRound(gateway: string, commands: readonly DispatchCommand[], concurrency: number, send: (command: DispatchCommand) => Promise<unknown>, counts: { submitted: number; other: number }): Promise<RoundResult> {
  const before = counts.submitted;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let command = commands[next++]; command; command = commands[next++]) await send(command);
    }),
  );
  const perSecond = commands.length / ((performance.now() - started) / 1000);
  const submitted = counts.submitted - before;
  if (submitted !== commands.length || counts.other > 0) throw new Error(`${gateway}: ${submitted}/${commands.length} SUBMITTED, ${counts.other} other outcomes`);
  return { perSecond, count: commands.length };
}
