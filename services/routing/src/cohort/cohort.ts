/** Rollout cohort names, as they appear on RoutingDecision.cohort. */
export type CohortName = 'default' | 'pilot' | 'control' | 'opt_in' | 'kill_switch';

/** What the rollout allows for one recipient. */
export interface Cohort {
  readonly name: CohortName;
  /** The RCS rungs (RCS_E2EE, RCS) may be used. */
  readonly rcsAllowed: boolean;
  /** Non-sensitive sends also go out on SMS as a second leg (pilot dual delivery). */
  readonly dualSms: boolean;
}

export const BUCKETS = 10_000;
