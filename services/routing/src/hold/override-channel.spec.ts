import { CapabilitySchema, Channel, create } from '@switchback/contracts';
import { tenantPolicySchema } from '../policy/tenant-policy';
import { overrideChannel } from './override-channel';

const open = { name: 'default', rcsAllowed: true, dualSms: false } as const;
const closed = { name: 'kill_switch', rcsAllowed: false, dualSms: false } as const;
const cap = (fields: Record<string, unknown>) => create(CapabilitySchema, { region: 'GB', ...fields });

describe('overrideChannel', () => {
  it.each([
    ['RCS when the recipient has it and the cohort allows it', cap({ rcs: true }), {}, open, Channel.RCS],
    ['SMS when the cohort keeps RCS off', cap({ rcs: true }), {}, closed, Channel.SMS],
    ['SMS without RCS', cap({}), {}, open, Channel.SMS],
    ['SMS without any snapshot', undefined, {}, open, Channel.SMS],
    ['plaintext RCS even when only E2EE was missing (never E2EE: that would not have been blocked)', cap({ rcs: true, rcsE2ee: false }), { onSensitive: 'block' }, open, Channel.RCS],
    ['nothing when SMS is forbidden and RCS is not available', cap({}), { smsAllowed: false }, open, undefined],
    ['nothing outside the region allow-list', cap({ rcs: true, region: 'US' }), { allowedRegions: ['GB'] }, open, undefined],
  ])('gives %s', (_label, capability, policy, cohort, expected) => {
    expect(overrideChannel(capability, tenantPolicySchema.parse(policy), cohort)).toBe(expected);
  });
});
