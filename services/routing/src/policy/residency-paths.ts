import type { ConnectorRegion } from '@switchback/contracts';
import type { TenantPolicy } from './tenant-policy';

/** The regions routing's config says each carrier channel has connectors in. */
export interface ConnectorRegions {
  readonly rcs: readonly ConnectorRegion[];
  readonly sms: readonly ConnectorRegion[];
}

export interface ResidencyProblem {
  readonly field: string;
  readonly message: string;
}

/** The channels (rcs, sms) with a connector in the policy's residency regions (all when it names none). */
export function residencyChannels(policy: Pick<TenantPolicy, 'residency' | 'smsAllowed'>, connectors: ConnectorRegions): ('rcs' | 'sms')[] {
  const { regions } = policy.residency;
  const serves = (list: readonly ConnectorRegion[]) => regions.length === 0 || list.some((region) => regions.includes(region));
  const channels: ('rcs' | 'sms')[] = [];
  if (serves(connectors.rcs)) channels.push('rcs');
  if (policy.smsAllowed && serves(connectors.sms)) channels.push('sms');
  return channels;
}

/**
 * Why a policy's residency cannot be honoured, if it cannot: a region no connector serves (a
 * typo or a region not deployed), or no carrier path left at all (every message would fail).
 * Checked when a policy is written, so the tenant learns it then, not from failed messages.
 */
export function residencyProblems(policy: Pick<TenantPolicy, 'residency' | 'smsAllowed'>, connectors: ConnectorRegions): ResidencyProblem[] {
  const { regions } = policy.residency;
  if (regions.length === 0) return [];
  const served = new Set([...connectors.rcs, ...connectors.sms]);
  const problems: ResidencyProblem[] = regions
    .filter((region) => !served.has(region))
    .map((region) => ({ field: 'residency.regions', message: `no RCS hub or SMSC connector serves ${region}` }));
  if (residencyChannels(policy, connectors).length === 0) {
    problems.push({ field: 'residency.regions', message: `no carrier path is left: RCS serves ${connectors.rcs.join(', ')}, SMS ${policy.smsAllowed ? `serves ${connectors.sms.join(', ')}` : 'is not allowed'}` });
  }
  return problems;
}
