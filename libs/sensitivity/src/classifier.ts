import type { Classification, ClassifyInput, ClassifyPolicy } from './classification';
import { type DetectorId, isContentDetector, levelOf } from './detector-id';
import { defaultStages, type ScanStage } from './detector-registry';
import { readSenderLabels } from './sender-labels';
import { maxLevel, type SensitivityLevel } from './sensitivity-level';
import { scanWindow } from './text-window';

export interface ClassifierOptions {
  /** Scan at most this many UTF-16 units (64 Ki by default); a longer text fails closed. */
  readonly maxScanChars?: number;
  /** Stop starting new stages after this many ms (50 by default); an unfinished scan fails closed. */
  readonly timeBudgetMs?: number;
  /** Monotonic clock in ms, injectable for tests. */
  readonly now?: () => number;
  /** Replaces the default detectors (tests). */
  readonly stages?: readonly ScanStage[];
}

export type Classify = (input: ClassifyInput, policy?: ClassifyPolicy) => Classification;

export const DEFAULT_MAX_SCAN_CHARS = 64 * 1024;
export const DEFAULT_TIME_BUDGET_MS = 50;

/**
 * Builds a classifier; the rules are compiled once here, so build it once per process.
 *
 * Rules, in order of strength:
 *  - content detections, "secret"/"confidential"/"pii" labels and OTP traffic raise the level;
 *  - a "public" label lowers content detections only when the tenant allows it
 *    (allowSenderDowngrade) and nothing else in the request raises the level;
 *  - what could not be scanned (truncated, out of time, detector error) is never lowered.
 */
export function createClassifier(options: ClassifierOptions = {}): Classify {
  const maxScanChars = options.maxScanChars ?? DEFAULT_MAX_SCAN_CHARS;
  const timeBudgetMs = options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  const now = options.now ?? (() => performance.now());
  const stages = options.stages ?? defaultStages();

  return (input, policy = {}) => {
    if (typeof input?.text !== 'string') throw new TypeError('classify: input.text must be a string');
    const started = now();
    const window = scanWindow(input.text, maxScanChars);
    const found = new Set<DetectorId>();

    let elapsedBudgetExceeded = false;
    for (const stage of stages) {
      if (now() - started > timeBudgetMs) {
        elapsedBudgetExceeded = true;
        break;
      }
      try {
        for (const id of stage.detect(window.text)) found.add(id);
      } catch {
        // The error may describe the input; keep only the fact that this stage failed.
        found.add('scan.error');
      }
    }
    if (window.truncated) found.add('scan.truncated');
    if (elapsedBudgetExceeded) found.add('scan.budget_exceeded');

    const labels = readSenderLabels(input.senderLabels);
    for (const id of labels.raising) found.add(id);
    if (input.trafficType === 'otp') found.add('traffic.otp');

    const downgrade =
      policy.allowSenderDowngrade === true && labels.publicClaim && labels.raising.length === 0 && input.trafficType !== 'otp';
    if (downgrade) found.add('label.public');

    let level: SensitivityLevel = 'none';
    for (const id of found) {
      if (!(downgrade && isContentDetector(id))) level = maxLevel(level, levelOf(id));
    }

    return Object.freeze({
      level,
      sensitive: level !== 'none',
      detectors: Object.freeze([...found].sort()),
      truncated: window.truncated,
      elapsedBudgetExceeded,
    });
  };
}
