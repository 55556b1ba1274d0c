import { CapabilityLevel, CapabilitySchema, CapabilitySource, CapabilityStatus, create, type Capability } from '@switchback/contracts';
import { LEVEL_TO_PROTO } from '../pinning/capability-pinning';
import type { CapabilitySourceName, CapabilityStatusName, ResolvedCapability } from './resolved-capability';

const SOURCE: Record<CapabilitySourceName, CapabilitySource> = { cache: CapabilitySource.CACHE, hub: CapabilitySource.HUB, default: CapabilitySource.DEFAULT };
const STATUS: Record<CapabilityStatusName, CapabilityStatus> = { green: CapabilityStatus.GREEN, amber: CapabilityStatus.AMBER, red: CapabilityStatus.RED };

/** The event form of a resolution, as routing reads it on sendResolved. */
export function toCapabilityMessage(resolved: ResolvedCapability): Capability {
  return create(CapabilitySchema, {
    rcs: resolved.rcs,
    rcsE2ee: resolved.rcsE2ee,
    inappE2ee: resolved.inappE2ee,
    features: resolved.features,
    source: SOURCE[resolved.source],
    checkedAtMs: BigInt(resolved.checkedAtMs),
    carrier: resolved.carrier,
    region: resolved.region,
    status: STATUS[resolved.status],
    statusReason: resolved.statusReason,
    downgradeSuspected: resolved.downgradeSuspected,
    guess: resolved.guess,
    pinnedLevel: resolved.pinnedLevel ? LEVEL_TO_PROTO[resolved.pinnedLevel] : CapabilityLevel.UNSPECIFIED,
    pinnedAtMs: BigInt(resolved.pinnedAtMs ?? 0),
  });
}
