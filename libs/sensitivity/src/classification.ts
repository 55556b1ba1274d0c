import type { DetectorId } from './detector-id';
import type { SensitivityLevel } from './sensitivity-level';

export type TrafficType = 'otp' | 'transactional' | 'alert' | 'promotional' | 'unspecified';

export interface ClassifyInput {
  readonly text: string;
  /** Sender-supplied labels; matched case-insensitively, unknown labels are ignored. */
  readonly senderLabels?: readonly string[];
  readonly trafficType?: TrafficType;
}

export interface ClassifyPolicy {
  /** Tenant opt-in: a sender label "public" may lower what the content scan found. */
  readonly allowSenderDowngrade?: boolean;
}

/**
 * The verdict. It carries detector ids only, never the matched text, so it is safe to log,
 * trace and audit.
 */
export interface Classification {
  readonly level: SensitivityLevel;
  /** `level !== 'none'`: the content must not travel in plaintext. */
  readonly sensitive: boolean;
  /** Sorted, de-duplicated stable ids of everything that contributed (see detector-id.ts). */
  readonly detectors: readonly DetectorId[];
  /** Only the first `maxScanChars` were scanned; the result then fails closed to 'secret'. */
  readonly truncated: boolean;
  /** The time budget ran out before every detector ran; the result then fails closed to 'secret'. */
  readonly elapsedBudgetExceeded: boolean;
}
