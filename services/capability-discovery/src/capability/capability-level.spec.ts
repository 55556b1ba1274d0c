import { badgeOf, isWeaker, levelOf } from './capability-level';

const sms = { rcs: false, rcsE2ee: false, inappE2ee: false };
const rcs = { rcs: true, rcsE2ee: false, inappE2ee: false };
const rcsE2ee = { rcs: true, rcsE2ee: true, inappE2ee: false };
const inapp = { rcs: false, rcsE2ee: false, inappE2ee: true };
const plain = { guess: false, downgradeSuspected: false };

describe('capability level and badge', () => {
  it('ranks E2EE above RCS above SMS', () => {
    expect([sms, rcs, rcsE2ee, inapp].map(levelOf)).toEqual(['sms_only', 'rcs', 'e2ee', 'e2ee']);
    expect(isWeaker('rcs', 'e2ee')).toBe(true);
    expect(isWeaker('sms_only', 'rcs')).toBe(true);
    expect(isWeaker('e2ee', 'rcs')).toBe(false);
    expect(isWeaker('rcs', 'rcs')).toBe(false);
  });

  it('is green for an E2EE path, amber for RCS in clear, red for SMS only', () => {
    expect(badgeOf(rcsE2ee, plain)).toEqual({ status: 'green', reason: 'End-to-end encrypted via RCS' });
    expect(badgeOf(inapp, plain)).toEqual({ status: 'green', reason: 'End-to-end encrypted in app' });
    expect(badgeOf(rcs, plain)).toEqual({ status: 'amber', reason: 'RCS without end-to-end encryption' });
    expect(badgeOf(sms, plain)).toEqual({ status: 'red', reason: 'SMS only' });
  });

  it('says when the answer is a guess or a suspected downgrade', () => {
    expect(badgeOf(sms, { guess: true, downgradeSuspected: false }).reason).toBe('SMS only (hub unreachable, not a fresh check)');
    expect(badgeOf(rcs, { guess: false, downgradeSuspected: true })).toEqual({ status: 'amber', reason: 'RCS without end-to-end encryption (weaker than before, possible downgrade)' });
  });
});
