import { decidePin, type CapabilityPin } from './pin-decision';

const DAY = 24 * 3600 * 1000;
const WINDOW = 30 * DAY;
const T0 = Date.UTC(2026, 10, 1);
const pinnedE2ee: CapabilityPin = { pinnedLevel: 'e2ee', pinnedAtMs: T0, lastLevel: 'e2ee', lastSeenAtMs: T0 };

describe('decidePin', () => {
  it('pins the first level seen, as a change from nothing', () => {
    expect(decidePin(undefined, 'rcs', T0, WINDOW)).toEqual({ pin: { pinnedLevel: 'rcs', pinnedAtMs: T0, lastLevel: 'rcs', lastSeenAtMs: T0 }, downgradeSuspected: false, previousLevel: null, levelChanged: true });
  });

  it('flags a weaker answer within the window and keeps the pin', () => {
    const decision = decidePin(pinnedE2ee, 'rcs', T0 + 5 * DAY, WINDOW);
    expect(decision.downgradeSuspected).toBe(true);
    expect(decision.levelChanged).toBe(true);
    expect(decision.previousLevel).toBe('e2ee');
    expect(decision.pin).toEqual({ pinnedLevel: 'e2ee', pinnedAtMs: T0, lastLevel: 'rcs', lastSeenAtMs: T0 + 5 * DAY });
  });

  it('keeps flagging a repeated weaker answer without calling it a new change', () => {
    const first = decidePin(pinnedE2ee, 'sms_only', T0 + DAY, WINDOW);
    const again = decidePin(first.pin, 'sms_only', T0 + 2 * DAY, WINDOW);
    expect(again.downgradeSuspected).toBe(true);
    expect(again.levelChanged).toBe(false);
    expect(again.pin.pinnedLevel).toBe('e2ee');
  });

  it('accepts a weaker level as the new pin once the window has passed', () => {
    const decision = decidePin(pinnedE2ee, 'sms_only', T0 + WINDOW + 1, WINDOW);
    expect(decision.downgradeSuspected).toBe(false);
    expect(decision.levelChanged).toBe(true);
    expect(decision.pin).toEqual({ pinnedLevel: 'sms_only', pinnedAtMs: T0 + WINDOW + 1, lastLevel: 'sms_only', lastSeenAtMs: T0 + WINDOW + 1 });
  });

  it('raises the pin on an upgrade and refreshes it on the same level', () => {
    const rcsPin: CapabilityPin = { pinnedLevel: 'rcs', pinnedAtMs: T0, lastLevel: 'rcs', lastSeenAtMs: T0 };
    const up = decidePin(rcsPin, 'e2ee', T0 + DAY, WINDOW);
    expect(up).toMatchObject({ downgradeSuspected: false, levelChanged: true, previousLevel: 'rcs', pin: { pinnedLevel: 'e2ee', pinnedAtMs: T0 + DAY } });
    const same = decidePin(rcsPin, 'rcs', T0 + DAY, WINDOW);
    expect(same).toMatchObject({ downgradeSuspected: false, levelChanged: false, pin: { pinnedLevel: 'rcs', pinnedAtMs: T0 + DAY } });
  });

  it('treats a recovery to the pinned level as a change, not a downgrade', () => {
    const down = decidePin(pinnedE2ee, 'rcs', T0 + DAY, WINDOW);
    const back = decidePin(down.pin, 'e2ee', T0 + 2 * DAY, WINDOW);
    expect(back).toMatchObject({ downgradeSuspected: false, levelChanged: true, previousLevel: 'rcs', pin: { pinnedLevel: 'e2ee', pinnedAtMs: T0 + 2 * DAY } });
  });
});
