import { ActionTaken, CapabilitySchema, Channel, create, fromBinary, RoutingDecisionSchema, type Capability, type RoutingDecision } from '@switchback/contracts';
import type { HeldMessageEntity } from './held-message.entity';

/** The capability snapshot kept with a hold (protobuf; no identifier in it). */
export const capabilityOf = (row: Pick<HeldMessageEntity, 'capability'>): Capability | undefined =>
  row.capability ? fromBinary(CapabilitySchema, row.capability) : undefined;

export interface HeldOutcome {
  readonly actionTaken: ActionTaken.USER_OVERRIDE | ActionTaken.EXPIRED;
  readonly channel: Channel;
  readonly policyVersion: number;
  readonly cohort?: string;
  readonly decidedAtMs: number;
  readonly actor?: string;
  readonly overrideReason?: string;
}

/** The later decision about a held send (its override or expiry): metadata only, like the first. */
export function heldDecision(row: HeldMessageEntity, outcome: HeldOutcome): RoutingDecision {
  const capability = capabilityOf(row);
  return create(RoutingDecisionSchema, {
    messageId: row.messageId,
    tenantId: row.tenantId,
    recipientHash: row.recipientHash,
    channel: outcome.channel,
    fallbackReason: row.fallbackReason,
    actionTaken: outcome.actionTaken,
    sensitivity: row.sensitivity,
    decidedAtMs: BigInt(outcome.decidedAtMs),
    detectorIds: [...row.detectorIds],
    policyVersion: outcome.policyVersion,
    cohort: outcome.cohort ?? '',
    contentFingerprint: row.contentFingerprint,
    trafficType: row.trafficType,
    region: capability?.region ?? '',
    carrier: capability?.carrier ?? '',
    actor: outcome.actor ?? '',
    overrideReason: outcome.overrideReason ?? '',
    holdExpiresAtMs: BigInt(row.holdExpiresAt.getTime()),
  });
}
