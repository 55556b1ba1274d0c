import { create, RoutingDecisionSchema, type Capability, type RoutingDecision } from '@switchback/contracts';
import type { Evaluation, ValidSend } from './send-evaluator';
import { verdictOf } from './send-inputs';

export interface DecisionRecordInput {
  readonly send: ValidSend;
  readonly evaluation: Evaluation;
  readonly capability: Capability | undefined;
  readonly recipientHash: string;
  readonly contentFingerprint: string;
  readonly leg: number;
  /** Failovers only: the leg whose failure or timeout caused this decision. */
  readonly failoverFromLeg?: number;
}

/** The RoutingDecision event of an evaluation: metadata only (hashes, never text or number). */
export function decisionRecord(input: DecisionRecordInput): RoutingDecision {
  const { send, evaluation, capability } = input;
  const { decision, classification, cohort, policyVersion, nowMs } = evaluation;
  return create(RoutingDecisionSchema, {
    messageId: send.messageId,
    tenantId: send.tenantId,
    recipientHash: input.recipientHash,
    channel: decision.channel,
    e2eeCapability: decision.e2eeCapability,
    fallbackReason: decision.fallbackReason,
    actionTaken: decision.actionTaken,
    sensitivity: verdictOf(classification.level),
    decidedAtMs: BigInt(nowMs),
    detectorIds: [...classification.detectors],
    policyVersion,
    cohort: cohort.name,
    contentFingerprint: input.contentFingerprint,
    trafficType: send.trafficType,
    dualChannel: decision.dualChannel,
    region: capability?.region ?? '',
    carrier: capability?.carrier ?? '',
    holdExpiresAtMs: BigInt(decision.holdExpiresAtMs ?? 0),
    leg: input.leg,
    failoverFromLeg: input.failoverFromLeg ?? 0,
  });
}
