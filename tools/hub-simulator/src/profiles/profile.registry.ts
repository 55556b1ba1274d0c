import type { NumberProfile, PrefixProfile, ScriptedFailure } from './number-profile';

export interface ProfileSeed {
  readonly defaultProfile: NumberProfile;
  readonly profiles: Readonly<Record<string, NumberProfile>>;
  readonly prefixProfiles: readonly PrefixProfile[];
}

interface FailureBudget {
  readonly source: NumberProfile;
  remaining: number;
}

/**
 * Which profile applies to a number: an exact entry, else the longest matching prefix (the
 * earlier entry on a tie), else the default. Also counts down scripted failures per number.
 */
export class ProfileRegistry {
  private exact = new Map<string, NumberProfile>();
  private readonly prefixes: readonly PrefixProfile[];
  private readonly failures = new Map<string, FailureBudget>();

  constructor(private readonly seed: ProfileSeed) {
    // Stable sort: among equal lengths the earlier entry keeps precedence.
    this.prefixes = [...seed.prefixProfiles].sort((a, b) => b.prefix.length - a.prefix.length);
    this.reset();
  }

  resolve(phone: string): NumberProfile {
    return this.exact.get(phone) ?? this.prefixes.find((p) => phone.startsWith(p.prefix))?.profile ?? this.seed.defaultProfile;
  }

  set(phone: string, profile: NumberProfile): void {
    this.exact.set(phone, profile);
    this.failures.delete(phone); // a new profile brings a fresh failure budget
  }

  /** Consumes one scripted failure for this number, if its profile has any left. */
  takeFailure(phone: string): ScriptedFailure | undefined {
    const profile = this.resolve(phone);
    if (!profile.failNext || profile.failNext.count === 0) return undefined;
    let budget = this.failures.get(phone);
    // Prefix and default profiles script failures per number, not once for all numbers.
    if (!budget || budget.source !== profile) {
      budget = { source: profile, remaining: profile.failNext.count };
      this.failures.set(phone, budget);
    }
    if (budget.remaining === 0) return undefined;
    budget.remaining -= 1;
    return profile.failNext;
  }

  reset(): void {
    this.exact = new Map(Object.entries(this.seed.profiles));
    this.failures.clear();
  }
}
