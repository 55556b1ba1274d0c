import { OutcomeWatcher, type Stack } from '@switchback/stack';
import { benchStack, brokers } from './bench-stack';
import { runPipeline } from './pipeline-run';

/** Messages per saturation run; each stack gets ROUNDS of them, alternating. */
const COUNT = 1_000;
const ROUNDS = 2;
/** The plain stack's ports: clear of the sealed stack's (4500 + ~40). */
const PLAIN_BASE_PORT = 4600;

export interface EnvelopeOverhead {
  readonly sealedMsgsPerS: number;
  readonly plainMsgsPerS: number;
  /** sealed ÷ plain: 1 means the envelope costs nothing at saturation. */
  readonly ratio: number;
}

/**
 * The cost of bus envelope encryption at saturation: the running (sealed) stack against a
 * second one started without the envelope, measured alternately (sealed, plain, sealed,
 * plain) so both see the same machine state. Throughput is summed over the rounds.
 */
export async function envelopeOverhead(sealed: Stack, sealedWatcher: OutcomeWatcher, runId: string): Promise<EnvelopeOverhead> {
  const plain = benchStack(`${runId}p`, undefined, { basePort: PLAIN_BASE_PORT, busEnvelope: false });
  const plainWatcher = new OutcomeWatcher(brokers, plain.topicPrefix, { name: 'plain-watcher', signer: plain.producerSigner, sasl: plain.adminSasl });
  const totals = { sealed: { count: 0, ms: 0 }, plain: { count: 0, ms: 0 } };
  try {
    await plain.start();
    await plainWatcher.start();
    await runPipeline(plainWatcher, `${runId}-plain-warm`, 300, 100);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [kind, watcher] of [['sealed', sealedWatcher], ['plain', plainWatcher]] as const) {
        const run = await runPipeline(watcher, `${runId}-${kind}-${round}`, COUNT, null);
        totals[kind].count += run.count;
        totals[kind].ms += (run.count / run.throughput) * 1_000;
      }
    }
  } finally {
    await plainWatcher.stop().catch(() => undefined);
    await plain.stop();
  }
  const sealedMsgsPerS = (totals.sealed.count / totals.sealed.ms) * 1_000;
  const plainMsgsPerS = (totals.plain.count / totals.plain.ms) * 1_000;
  return { sealedMsgsPerS, plainMsgsPerS, ratio: sealedMsgsPerS / plainMsgsPerS };
}
