import { KeyedHasher } from '@switchback/crypto';
import { DEFAULT_TENANT_POLICY, type TenantPolicy } from '../policy/tenant-policy';
import { CohortAssigner, cohortFor } from './cohort-assigner';

const rollout = (patch: Partial<TenantPolicy['rollout']>): TenantPolicy['rollout'] => ({ ...DEFAULT_TENANT_POLICY.rollout, ...patch });
const policyWith = (patch: Partial<TenantPolicy['rollout']>): TenantPolicy => ({ ...DEFAULT_TENANT_POLICY, rollout: rollout(patch) });

describe('cohortFor', () => {
  it.each([
    ['default_rcs', rollout({}), 5000, [], { name: 'default', rcsAllowed: true, dualSms: false }],
    ['kill_switch', rollout({ mode: 'kill_switch' }), 0, ['rcs_opt_in'], { name: 'kill_switch', rcsAllowed: false, dualSms: false }],
    ['pilot, bucket inside the share', rollout({ mode: 'pilot', pilotPercent: 10 }), 999, [], { name: 'pilot', rcsAllowed: true, dualSms: true }],
    ['pilot, first bucket outside', rollout({ mode: 'pilot', pilotPercent: 10 }), 1000, [], { name: 'control', rcsAllowed: false, dualSms: false }],
    ['pilot without dual delivery', rollout({ mode: 'pilot', pilotPercent: 100, dualDeliveryInPilot: false }), 9999, [], { name: 'pilot', rcsAllowed: true, dualSms: false }],
    ['pilot at 0 %', rollout({ mode: 'pilot', pilotPercent: 0 }), 0, [], { name: 'control', rcsAllowed: false, dualSms: false }],
    ['opt_in with the label', rollout({ mode: 'opt_in' }), 0, ['RCS_Opt_In'], { name: 'opt_in', rcsAllowed: true, dualSms: false }],
    ['opt_in without it', rollout({ mode: 'opt_in' }), 0, ['otp'], { name: 'control', rcsAllowed: false, dualSms: false }],
  ] as const)('%s', (_label, policyRollout, bucket, labels, expected) => {
    expect(cohortFor(bucket, policyRollout, labels)).toEqual(expected);
  });
});

describe('CohortAssigner', () => {
  const assigner = new CohortAssigner(new KeyedHasher({ key: 'a-test-key-of-16-chars', keyId: 'k1' }));
  const recipients = Array.from({ length: 2000 }, (_, i) => `+4477009${String(i).padStart(5, '0')}`);

  it('puts a recipient in the same bucket every time', () => {
    expect(assigner.bucketOf('+447700900123')).toBe(assigner.bucketOf('+447700900123'));
    expect(assigner.bucketOf('+447700900123')).toBeGreaterThanOrEqual(0);
    expect(assigner.bucketOf('+447700900123')).toBeLessThan(10_000);
  });

  it('pilots roughly pilotPercent of recipients, and raising the share keeps the earlier pilots', () => {
    const piloted = (percent: number) => recipients.filter((r) => assigner.assign(r, policyWith({ mode: 'pilot', pilotPercent: percent }), []).name === 'pilot');
    const ten = piloted(10);
    expect(ten.length).toBeGreaterThan(140);
    expect(ten.length).toBeLessThan(260);
    expect(piloted(20)).toEqual(expect.arrayContaining(ten));
  });
});
