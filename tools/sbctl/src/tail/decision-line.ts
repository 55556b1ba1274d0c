import { ActionTaken, Channel, E2eeCapability, FallbackReason, Sensitivity, type RoutingDecision } from '@switchback/contracts';
import type { TailArgs } from './tail-args';

/** What an operator sees of a decision: metadata and the recipient's keyed hash, never content or numbers. */
export interface DecisionView {
  readonly time: string;
  readonly tenant: string;
  readonly messageId: string;
  readonly channel: string;
  readonly action: string;
  readonly fallbackReason: string;
  readonly sensitivity: string;
  readonly cohort: string;
  readonly recipientHash: string;
  readonly e2eeCapability: string;
  readonly policyVersion: number;
  readonly detectorIds: readonly string[];
  readonly leg: number;
}

const nameOf = (values: Readonly<Record<number, string>>, value: number): string => (values[value] ?? 'unspecified').toLowerCase();

export function decisionView(decision: RoutingDecision): DecisionView {
  return {
    time: new Date(Number(decision.decidedAtMs)).toISOString(),
    tenant: decision.tenantId,
    messageId: decision.messageId,
    channel: nameOf(Channel, decision.channel),
    action: nameOf(ActionTaken, decision.actionTaken),
    fallbackReason: nameOf(FallbackReason, decision.fallbackReason),
    sensitivity: nameOf(Sensitivity, decision.sensitivity),
    cohort: decision.cohort,
    recipientHash: decision.recipientHash,
    e2eeCapability: nameOf(E2eeCapability, decision.e2eeCapability),
    policyVersion: decision.policyVersion,
    detectorIds: [...decision.detectorIds],
    leg: decision.leg,
  };
}

/** One line per decision, `key=value` after the time so it greps and cuts well. */
export function formatDecision(view: DecisionView): string {
  return `${view.time} tenant=${view.tenant} message=${view.messageId} channel=${view.channel} action=${view.action} fallback=${view.fallbackReason} sensitivity=${view.sensitivity} cohort=${view.cohort} recipient=${view.recipientHash}`;
}

const NOT_SENSITIVE = new Set([Sensitivity.UNSPECIFIED, Sensitivity.NORMAL]);

export function passesFilters(decision: RoutingDecision, args: Pick<TailArgs, 'tenant' | 'actions' | 'sensitiveOnly'>): boolean {
  if (args.tenant !== undefined && decision.tenantId !== args.tenant) return false;
  if (args.actions.length > 0 && !args.actions.includes(nameOf(ActionTaken, decision.actionTaken))) return false;
  return !(args.sensitiveOnly && NOT_SENSITIVE.has(decision.sensitivity));
}
