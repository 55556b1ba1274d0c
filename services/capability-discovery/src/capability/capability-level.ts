import type { CapabilityFacts, CapabilityLevelName, CapabilityStatusName } from './resolved-capability';

/** Ordered weakest first: an index comparison tells a downgrade from an upgrade. */
export const LEVELS: readonly CapabilityLevelName[] = ['sms_only', 'rcs', 'e2ee'];

export function levelOf(facts: Pick<CapabilityFacts, 'rcs' | 'rcsE2ee' | 'inappE2ee'>): CapabilityLevelName {
  if (facts.rcsE2ee || facts.inappE2ee) return 'e2ee';
  return facts.rcs ? 'rcs' : 'sms_only';
}

export function isWeaker(level: CapabilityLevelName, than: CapabilityLevelName): boolean {
  return LEVELS.indexOf(level) < LEVELS.indexOf(than);
}

export interface CapabilityBadge {
  readonly status: CapabilityStatusName;
  readonly reason: string;
}

/** The compose-UI traffic light: green = an E2EE path, amber = RCS in clear, red = SMS only. */
export function badgeOf(facts: Pick<CapabilityFacts, 'rcs' | 'rcsE2ee' | 'inappE2ee'>, flags: { guess: boolean; downgradeSuspected: boolean }): CapabilityBadge {
  const badge = baseBadge(facts);
  const notes = [flags.guess ? 'hub unreachable, not a fresh check' : '', flags.downgradeSuspected ? 'weaker than before, possible downgrade' : ''].filter(Boolean);
  return notes.length ? { status: badge.status, reason: `${badge.reason} (${notes.join('; ')})` } : badge;
}

function baseBadge(facts: Pick<CapabilityFacts, 'rcs' | 'rcsE2ee' | 'inappE2ee'>): CapabilityBadge {
  if (facts.rcsE2ee) return { status: 'green', reason: 'End-to-end encrypted via RCS' };
  if (facts.inappE2ee) return { status: 'green', reason: 'End-to-end encrypted in app' };
  if (facts.rcs) return { status: 'amber', reason: 'RCS without end-to-end encryption' };
  return { status: 'red', reason: 'SMS only' };
}
