import type { CapabilityPin, PinDecision } from '../capability/pin-decision';

export interface Observation {
  readonly carrier: string;
  readonly region: string;
}

export type DecidePin = (current: CapabilityPin | undefined) => PinDecision;
export type AfterDecision = (decision: PinDecision) => Promise<void>;

/**
 * Port: where pins and their history live. `apply` decides and saves atomically per contact;
 * `after` runs before the commit, so if it fails (announcing the change) nothing is saved and a
 * retry decides again: a change is announced at least once, never lost.
 */
export abstract class PinStore {
  abstract find(recipientHash: string): Promise<CapabilityPin | undefined>;
  abstract apply(recipientHash: string, observation: Observation, decide: DecidePin, after: AfterDecision): Promise<PinDecision>;
}
