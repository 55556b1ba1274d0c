import type { KeyObject } from 'node:crypto';

/** A service account the simulated token endpoint trusts: its public key, by key id. */
export interface HubServiceAccount {
  readonly email: string;
  readonly keyId: string;
  readonly publicKey: KeyObject;
}

/** Token verification on the RBM routes; without it the hub takes calls with no Authorization. */
export interface HubOAuthOptions {
  readonly accounts: readonly HubServiceAccount[];
  /** expires_in of issued tokens; default 3600 (Google's). */
  readonly tokenTtlSeconds?: number;
  /** How far an assertion's iat/exp may be off the hub's clock; default 300 s. */
  readonly maxClockSkewSeconds?: number;
  /** Shifts the hub's clock (a skewed token server); default 0. */
  readonly clockOffsetMs?: number;
}
