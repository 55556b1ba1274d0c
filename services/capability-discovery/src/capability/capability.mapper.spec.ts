import { CapabilityLevel, CapabilitySource, CapabilityStatus } from '@switchback/contracts';
import { toCapabilityMessage } from './capability.mapper';
import type { ResolvedCapability } from './resolved-capability';

const resolved: ResolvedCapability = {
  rcs: true,
  rcsE2ee: false,
  inappE2ee: false,
  features: ['REVOCATION'],
  carrier: 'Orange',
  checkedAtMs: 1_700_000_000_000,
  region: 'FR',
  level: 'rcs',
  status: 'amber',
  statusReason: 'RCS without end-to-end encryption (weaker than before, possible downgrade)',
  downgradeSuspected: true,
  guess: false,
  pinnedLevel: 'e2ee',
  pinnedAtMs: 1_690_000_000_000,
  source: 'hub',
};

describe('toCapabilityMessage', () => {
  it('fills every field routing reads', () => {
    expect(toCapabilityMessage(resolved)).toMatchObject({
      rcs: true,
      features: ['REVOCATION'],
      source: CapabilitySource.HUB,
      checkedAtMs: 1_700_000_000_000n,
      carrier: 'Orange',
      region: 'FR',
      status: CapabilityStatus.AMBER,
      statusReason: resolved.statusReason,
      downgradeSuspected: true,
      guess: false,
      pinnedLevel: CapabilityLevel.E2EE,
      pinnedAtMs: 1_690_000_000_000n,
    });
  });

  it('marks a default guess with no pin', () => {
    const message = toCapabilityMessage({ ...resolved, rcs: false, level: 'sms_only', status: 'red', guess: true, source: 'default', pinnedLevel: null, pinnedAtMs: null, downgradeSuspected: false });
    expect(message).toMatchObject({ source: CapabilitySource.DEFAULT, status: CapabilityStatus.RED, guess: true, pinnedLevel: CapabilityLevel.UNSPECIFIED, pinnedAtMs: 0n });
  });
});
