import { ActionTaken, CapabilitySchema, Channel, create, E2eeCapability, FallbackReason } from '@switchback/contracts';
import type { CapabilityLookup } from '../capability/capability.client';
import { tenantPolicySchema, type TenantPolicy } from '../policy/tenant-policy';
import type { RouteSendService } from '../routing/route-send.service';
import { DryRunService } from './dry-run.service';

/** The dry run on a fixed decision: what it adds is the connector view of the tenant's residency. */
function dryRunWith(policy: TenantPolicy) {
  const routing = {
    evaluate: async () => ({
      decision: { channel: Channel.SMS, actionTaken: ActionTaken.SENT_PLAIN, fallbackReason: FallbackReason.NOT_RCS_REACHABLE, e2eeCapability: E2eeCapability.UNAVAILABLE, dualChannel: Channel.UNSPECIFIED },
      classification: { level: 'normal', detectors: [] },
      cohort: { name: 'default', rcsAllowed: true, dualSms: false },
      policy,
      policyVersion: 3,
      nowMs: 0,
    }),
  } as unknown as RouteSendService;
  const capabilities: CapabilityLookup = { lookup: async () => create(CapabilitySchema, { region: 'FR' }) };
  return new DryRunService(routing, capabilities, { now: () => 0 }, { RCS_CONNECTOR_REGIONS: ['EU', 'US'], SMS_CONNECTOR_REGIONS: ['US', 'GLOBAL'] });
}

describe('DryRunService connectors', () => {
  it('shows the connector regions each channel may use within the tenant\'s residency', async () => {
    const answer = await dryRunWith(tenantPolicySchema.parse({ residency: { regions: ['EU'] } })).dryRun('acme', { to: '+33612345678', text: 'hi' } as never);
    expect(answer.connectors).toEqual({ residency: ['EU'], rcs: ['EU'], sms: [] });
  });

  it('shows every connector region for a tenant without residency', async () => {
    const answer = await dryRunWith(tenantPolicySchema.parse({})).dryRun('acme', { to: '+33612345678', text: 'hi' } as never);
    expect(answer.connectors).toEqual({ residency: [], rcs: ['EU', 'US'], sms: ['US', 'GLOBAL'] });
  });
});
