// Scale-out: routing with one instance, with two in one consumer group, and a rebalance while
// traffic flows (a second instance starts, then stops gracefully, mid-run). The rebalance run
// checks what must hold across it: every message reaches exactly one terminal (none lost, none
// twice) and no SMS reaches the SMSC twice. On two cores a second instance adds no CPU, so the
// throughputs show that scale-out does not collapse, not that it doubles.
import type { OutcomeWatcher, Stack } from '@switchback/stack';
import { runPipeline, type PipelineRun } from './pipeline-run';

export interface ScaleOutResult {
  readonly oneInstance: PipelineRun;
  readonly twoInstances: PipelineRun;
  readonly rebalance: PipelineRun;
  /** Messages of the rebalance run with no terminal within the bound. */
  readonly lost: number;
  /** Messages of the rebalance run with more than one terminal. */
  readonly duplicateTerminals: number;
  /** Messages of the rebalance run the SMSC received more than once. */
  readonly duplicateSms: number;
  /** Messages of the rebalance run the SMSC received at all (half of them are SMS-only). */
  readonly smsReceived: number;
}

const SATURATION_COUNT = 1_000;
const REBALANCE_RATE = 100;
const REBALANCE_COUNT = 1_500;
/** When the second instance starts and stops, counted from the rebalance run's first send. */
const JOIN_AFTER_MS = 2_000;
const LEAVE_AFTER_MS = 9_000;
const TERMINAL_WAIT_MS = 120_000;
/** Lets a group settle after a member joined before a timed run. */
const SETTLE_MS = 5_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A letters-only tag per send (digits could read as a code to the classifier): 27 → "bb". */
export function tagOf(i: number): string {
  let tag = '';
  let n = i;
  do {
    tag = String.fromCharCode(97 + (n % 26)) + tag;
    n = Math.floor(n / 26);
  } while (n > 0);
  return tag;
}

/**
 * Runs on a started stack whose routing has one instance; `terminals` must record message
 * terminals (OutcomeWatcher with decisionsAndTerminals) and `smscAdminUrl` is the SMSC
 * simulator's admin HTTP.
 */
export async function scaleOut(stack: Stack, watcher: OutcomeWatcher, terminals: OutcomeWatcher, smscAdminUrl: string, runId: string): Promise<ScaleOutResult> {
  const oneInstance = await runPipeline(watcher, `${runId}-so1`, SATURATION_COUNT, null);
  const second = await stack.addInstance('routing');
  await sleep(SETTLE_MS);
  const twoInstances = await runPipeline(watcher, `${runId}-so2`, SATURATION_COUNT, null);
  await second.stop();
  await sleep(SETTLE_MS);

  const rebalanceId = `${runId}-sorb`;
  const text = (i: number) => `benchmark message ${rebalanceId.replace(/[^a-z]/g, '')} ${tagOf(i)}`;
  const membership = (async () => {
    await sleep(JOIN_AFTER_MS);
    const joining = await stack.addInstance('routing');
    await sleep(Math.max(0, LEAVE_AFTER_MS - JOIN_AFTER_MS));
    await joining.stop();
  })();
  const rebalance = await runPipeline(watcher, rebalanceId, REBALANCE_COUNT, REBALANCE_RATE, { textOf: text });
  await membership;

  const ids = Array.from({ length: REBALANCE_COUNT }, (_, i) => `${rebalanceId}-${i}`);
  await Promise.allSettled(ids.map((id) => terminals.terminal(id, TERMINAL_WAIT_MS)));
  const lost = ids.filter((id) => terminals.terminalsOf(id).length === 0).length;
  const duplicateTerminals = ids.filter((id) => terminals.terminalsOf(id).length > 1).length;
  const smsc = (await (await fetch(`${smscAdminUrl}/_sim/messages`)).json()) as { messages: { text: string }[] };
  const perText = new Map<string, number>();
  for (const { text: received } of smsc.messages) perText.set(received, (perText.get(received) ?? 0) + 1);
  const received = ids.map((_, i) => perText.get(text(i)) ?? 0);
  const smsReceived = received.filter((n) => n > 0).length;
  // The duplicate count means nothing if the texts were not found at all.
  if (smsReceived === 0) throw new Error('scale-out: none of the rebalance run\'s SMS found at the SMSC simulator');
  return { oneInstance, twoInstances, rebalance, lost, duplicateTerminals, duplicateSms: received.filter((n) => n > 1).length, smsReceived };
}
