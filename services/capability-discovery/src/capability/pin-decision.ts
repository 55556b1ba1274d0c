import { isWeaker } from './capability-level';
import type { CapabilityLevelName } from './resolved-capability';

/** A contact's pin: the strongest level seen (and when, last), plus the level seen most recently. */
export interface CapabilityPin {
  readonly pinnedLevel: CapabilityLevelName;
  readonly pinnedAtMs: number;
  readonly lastLevel: CapabilityLevelName;
  readonly lastSeenAtMs: number;
}

export interface PinDecision {
  readonly pin: CapabilityPin;
  readonly downgradeSuspected: boolean;
  /** The level differs from the last one seen (null on a first sighting). */
  readonly previousLevel: CapabilityLevelName | null;
  readonly levelChanged: boolean;
}

/**
 * Compares a fresh answer with the contact's pin. Weaker than the pin within the window is a
 * suspected downgrade and leaves the pin alone (an attacker or an outage must not erase it);
 * after the window the weaker level becomes the new pin. Equal or stronger refreshes the pin.
 */
export function decidePin(current: CapabilityPin | undefined, level: CapabilityLevelName, nowMs: number, windowMs: number): PinDecision {
  if (!current) {
    return { pin: { pinnedLevel: level, pinnedAtMs: nowMs, lastLevel: level, lastSeenAtMs: nowMs }, downgradeSuspected: false, previousLevel: null, levelChanged: true };
  }
  const levelChanged = current.lastLevel !== level;
  const base = { previousLevel: current.lastLevel, levelChanged };
  if (isWeaker(level, current.pinnedLevel) && nowMs - current.pinnedAtMs <= windowMs) {
    return { ...base, pin: { ...current, lastLevel: level, lastSeenAtMs: nowMs }, downgradeSuspected: true };
  }
  return { ...base, pin: { pinnedLevel: level, pinnedAtMs: nowMs, lastLevel: level, lastSeenAtMs: nowMs }, downgradeSuspected: false };
}
