import { Channel, type Capability } from '@switchback/contracts';
import type { Cohort } from '../cohort/cohort';
import type { TenantPolicy } from '../policy/tenant-policy';

/**
 * The channel an authorised override sends a held message on: the best plaintext rung the
 * capability allows under the current policy, the sensitivity verdict set aside (that is what
 * the override decides). Every other control still holds: the region allow-list, the cohort's
 * RCS gate and the tenant's "no SMS". Undefined when nothing is left.
 */
export function overrideChannel(capability: Capability | undefined, policy: TenantPolicy, cohort: Cohort): Channel.RCS | Channel.SMS | undefined {
  if (policy.allowedRegions.length > 0 && !policy.allowedRegions.includes((capability?.region ?? '').toUpperCase())) return undefined;
  if (capability?.rcs && cohort.rcsAllowed) return Channel.RCS;
  return policy.smsAllowed ? Channel.SMS : undefined;
}
