export type CapabilityLevelName = 'sms_only' | 'rcs' | 'e2ee';
export type CapabilityStatusName = 'green' | 'amber' | 'red';
export type CapabilitySourceName = 'cache' | 'hub' | 'default';

/** What the hub said about one number (or what we assume when it cannot say). */
export interface CapabilityFacts {
  readonly rcs: boolean;
  readonly rcsE2ee: boolean;
  readonly inappE2ee: boolean;
  readonly features: string[];
  readonly carrier: string;
  readonly checkedAtMs: number;
}

/** One lookup's answer: the facts, the badge, the pin comparison, and where it came from. */
export interface ResolvedCapability extends CapabilityFacts {
  readonly region: string;
  readonly status: CapabilityStatusName;
  readonly statusReason: string;
  readonly level: CapabilityLevelName;
  readonly downgradeSuspected: boolean;
  /** The hub failed: a stale answer or the SMS-only default, not a fresh check. */
  readonly guess: boolean;
  readonly pinnedLevel: CapabilityLevelName | null;
  readonly pinnedAtMs: number | null;
  readonly source: CapabilitySourceName;
}
