import { trace } from '@opentelemetry/api';
import { ActionTaken, Channel, E2eeCapability, FallbackReason, Sensitivity, type RoutingDecision } from '@switchback/contracts';

const nameOf = (values: Readonly<Record<number, string>>, value: number): string => (values[value] ?? 'unspecified').toLowerCase();

/**
 * Puts the decision on the active span (the bus's consumer span of this send), so an SRE can
 * explain a fallback from the trace alone. Metadata only: never the text or the number.
 */
export function annotateDecisionSpan(decision: RoutingDecision): void {
  trace.getActiveSpan()?.setAttributes({
    'sb.e2ee_capability': nameOf(E2eeCapability, decision.e2eeCapability),
    'sb.fallback_reason': nameOf(FallbackReason, decision.fallbackReason),
    'sb.action_taken': nameOf(ActionTaken, decision.actionTaken),
    'sb.channel': nameOf(Channel, decision.channel),
    'sb.cohort': decision.cohort,
    'sb.sensitivity': nameOf(Sensitivity, decision.sensitivity),
    'sb.policy_version': decision.policyVersion,
    'sb.detector_ids': [...decision.detectorIds],
    'sb.tenant_id': decision.tenantId,
    'sb.message_id': decision.messageId,
  });
}
