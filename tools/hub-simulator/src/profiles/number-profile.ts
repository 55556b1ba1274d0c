export type ScriptedFailureStatus = 403 | 429 | 500 | 502 | 503 | 504;

/** Answer the next `count` requests for a number with `status` (then behave normally again). */
export interface ScriptedFailure {
  readonly status: ScriptedFailureStatus;
  readonly count: number;
  /** Sent as Retry-After: with 429 answers always (default 1), with 5xx only when set. */
  readonly retryAfterSeconds?: number;
}

/** How the simulated hub treats one phone number. */
export interface NumberProfile {
  /** false = no RCS: capability and send answer 404 (the SMS fallback case). */
  readonly rcs: boolean;
  /** Universal Profile E2EE: RBM's capability answer does not expose it; GET .../upCapabilities does. */
  readonly e2ee?: boolean;
  /** Capability features; default DEFAULT_FEATURES. */
  readonly features?: readonly string[];
  /** Added before every answer for this number. */
  readonly latencyMs?: number;
  readonly failNext?: ScriptedFailure;
  /** Accept sends but never deliver (phone off): only revocation or TTL expiry end them. */
  readonly offline?: boolean;
  /** A text-only client: no features unless `features` says otherwise, so rich content gets 400. */
  readonly basic?: boolean;
  /** Overrides the simulator's deliveryDelayMs for this number. */
  readonly deliveryDelayMs?: number;
  /** Overrides the simulator's readDelayMs for this number (null = never read). */
  readonly readDelayMs?: number | null;
  /**
   * The capability check says RCS (as configured) but every send answers 404 NOT_FOUND: the
   * user left RCS after the capability was cached (an RCS leg that turns UNREACHABLE).
   */
  readonly sendNotFound?: boolean;
  /** TTL expiry fails to revoke (the message was already on its way): TTL_EXPIRATION_REVOKE_FAILED, still pending. */
  readonly ttlRevokeFails?: boolean;
}

/** The features a number's client reports (capabilities) and accepts (400 otherwise). */
export function featuresOf(profile: NumberProfile): readonly string[] {
  return profile.features ?? (profile.basic ? [] : DEFAULT_FEATURES);
}

export interface PrefixProfile {
  readonly prefix: string;
  readonly profile: NumberProfile;
}

/** RBM's feature names, as a capable Android Messages client reports them. */
export const DEFAULT_FEATURES: readonly string[] = [
  'REVOCATION',
  'RICHCARD_STANDALONE',
  'RICHCARD_CAROUSEL',
  'ACTION_CREATE_CALENDAR_EVENT',
  'ACTION_DIAL',
  'ACTION_OPEN_URL',
  'ACTION_SHARE_LOCATION',
  'ACTION_VIEW_LOCATION',
];
