import { Channel, DeliveryStatus, FailureClass, FallbackReason } from '@switchback/contracts';
import type { FailoverRule } from '../policy/failover-policy';
import { isRcs, OPEN_LEG_STATES, type LegSnapshot, type LegState, type MessageSnapshot, type MessageState } from './lifecycle-state';

/** What one delivery outcome does to a message; the service applies it under the message's row lock. */
export type Step =
  /** Nothing changes: an unknown leg, a redelivered or stale outcome. */
  | { readonly kind: 'ignore' }
  /** Only the leg (and, for a READ after the winning DELIVERED, the message) moves; no event. */
  | { readonly kind: 'settle'; readonly leg: number; readonly legState: LegState; readonly messageState?: MessageState }
  /** The first delivery: the message ends; open RCS legs are revoked, open SMS legs lost. */
  | { readonly kind: 'win'; readonly leg: number; readonly legState: 'delivered' | 'read'; readonly revoke: readonly LegSnapshot[]; readonly lose: readonly LegSnapshot[] }
  /** The leg failed but another leg is still open: that one may still deliver. */
  | { readonly kind: 'wait'; readonly leg: number; readonly legState: LegState }
  /** Re-run the policy without the excluded rungs; if nothing is left, end with `end`. */
  | { readonly kind: 'failover'; readonly leg: number; readonly legState: LegState; readonly reason: FallbackReason; readonly excluded: ReadonlyMap<Channel, FallbackReason>; readonly end: End }
  | ({ readonly kind: 'end'; readonly leg: number; readonly legState: LegState } & End);

export interface End {
  readonly status: DeliveryStatus;
  readonly reason: string;
}

export interface OutcomeInput {
  readonly leg: number;
  readonly status: DeliveryStatus;
  /** Free text for people and the terminal's reason; never read by the failover rule. */
  readonly reason: string;
  /** For FAILED: what a fallback may do. */
  readonly failureClass: FailureClass;
}

/**
 * The failover a FAILED leg calls for, by its class (exhaustive: a new class does not compile
 * until it is decided here). An unconfirmed submit (the SMSC may have sent it: a second leg
 * could duplicate it), a fail-closed refusal and an unclassified failure never fall back.
 */
export function failoverOnFailure(failureClass: FailureClass, rule: FailoverRule): FallbackReason | undefined {
  switch (failureClass) {
    case FailureClass.NOT_DELIVERED:
      return rule.onErrorClass ? FallbackReason.DELIVERY_FAILED : undefined;
    case FailureClass.CIRCUIT_OPEN:
      // The gateway's breaker for the path is open: nothing went out, the next rung is safe.
      return FallbackReason.CIRCUIT_OPEN;
    case FailureClass.IN_DOUBT:
    case FailureClass.FAIL_CLOSED:
    case FailureClass.UNSPECIFIED:
      return undefined;
    default:
      return unclassified(failureClass);
  }
}

/** A value the generated enum gained after this switch was written: never a failover. */
function unclassified(failureClass: never): undefined {
  void failureClass;
  return undefined;
}

const LEG_STATE: Partial<Record<DeliveryStatus, LegState>> = {
  [DeliveryStatus.FAILED]: 'failed',
  [DeliveryStatus.UNREACHABLE]: 'unreachable',
  [DeliveryStatus.EXPIRED]: 'expired',
  [DeliveryStatus.REVOKED]: 'revoked',
};

const LADDER: readonly Channel[] = [Channel.RCS_E2EE, Channel.INAPP_E2EE, Channel.RCS, Channel.SMS];
const FAILED_LEG_STATES: readonly LegState[] = ['failed', 'unreachable', 'expired', 'revoked'];

/** The failover reason an outcome on `leg` calls for under `rule`; undefined: no failover. */
export function triggerOf(leg: LegSnapshot, outcome: OutcomeInput, rule: FailoverRule): FallbackReason | undefined {
  switch (outcome.status) {
    case DeliveryStatus.UNREACHABLE:
      return rule.onUnreachable ? FallbackReason.DELIVERY_FAILED : undefined;
    case DeliveryStatus.EXPIRED:
      return rule.onTtlExpired ? FallbackReason.TTL_EXPIRED : undefined;
    case DeliveryStatus.REVOKED:
      // Only our own timeout revoke leads on; anything else revoked the message on purpose.
      return leg.revokeReason === 'delivery_timeout' ? FallbackReason.DELIVERY_TIMEOUT : undefined;
    case DeliveryStatus.FAILED:
      return failoverOnFailure(outcome.failureClass, rule);
    default:
      return undefined;
  }
}

/**
 * The rungs a failover must skip: each failed leg's channel and every rung above it (the
 * policy chose the strongest one, so those were tried or unusable). A not-reachable RCS leg
 * also rules out the other RCS rung: RBM's 404 is about the number, not the encryption.
 */
export function exclusionsAfter(legs: readonly LegSnapshot[], current: LegSnapshot, reason: FallbackReason): Map<Channel, FallbackReason> {
  const excluded = new Map<Channel, FallbackReason>();
  const exclude = (channel: Channel, why: FallbackReason) => {
    for (const rung of LADDER) if (rung <= channel && !excluded.has(rung)) excluded.set(rung, why);
  };
  exclude(current.channel, reason);
  if (current.state === 'unreachable' && isRcs(current.channel) && !excluded.has(Channel.RCS)) excluded.set(Channel.RCS, reason);
  for (const leg of legs) if (leg.leg !== current.leg && FAILED_LEG_STATES.includes(leg.state)) exclude(leg.channel, FallbackReason.DELIVERY_FAILED);
  return excluded;
}

/**
 * Whether an outcome with this status can ever change a message (its legs, state or end).
 * Anything else (SUBMITTED, above all: one per leg) is `ignore` in every state, so routing
 * answers it without reading or locking the message.
 */
export function movesLifecycle(status: DeliveryStatus): boolean {
  return status === DeliveryStatus.DELIVERED || status === DeliveryStatus.READ || LEG_STATE[status] !== undefined;
}

const endStatusOf = (status: DeliveryStatus): DeliveryStatus => (status === DeliveryStatus.UNREACHABLE ? DeliveryStatus.FAILED : status);
const isOpen = (leg: LegSnapshot): boolean => OPEN_LEG_STATES.includes(leg.state);

/** The state machine of one message under one delivery outcome (pure). */
export function onOutcome(message: MessageSnapshot, outcome: OutcomeInput, rule: FailoverRule): Step {
  const leg = message.legs.find((candidate) => candidate.leg === outcome.leg);
  if (!leg) return { kind: 'ignore' };
  const won = outcome.status === DeliveryStatus.DELIVERED || outcome.status === DeliveryStatus.READ;

  if (message.state !== 'dispatched') {
    if (leg.leg === message.terminalLeg) {
      return outcome.status === DeliveryStatus.READ && message.state === 'delivered' ? { kind: 'settle', leg: leg.leg, legState: 'read', messageState: 'read' } : { kind: 'ignore' };
    }
    // A loser's last word (revoked, or delivered anyway): recorded, never a second end.
    const legState = won ? 'delivered' : LEG_STATE[outcome.status];
    return isOpen(leg) && legState ? { kind: 'settle', leg: leg.leg, legState } : { kind: 'ignore' };
  }

  if (won) {
    const others = message.legs.filter((other) => other.leg !== leg.leg && isOpen(other));
    return {
      kind: 'win',
      leg: leg.leg,
      legState: outcome.status === DeliveryStatus.READ ? 'read' : 'delivered',
      revoke: others.filter((other) => isRcs(other.channel) && other.state === 'live'),
      lose: others.filter((other) => !isRcs(other.channel)),
    };
  }

  const legState = LEG_STATE[outcome.status];
  if (!legState || !isOpen(leg)) return { kind: 'ignore' };
  if (message.legs.some((other) => other.leg !== leg.leg && isOpen(other))) return { kind: 'wait', leg: leg.leg, legState };

  const end: End = { status: endStatusOf(outcome.status), reason: outcome.reason || (DeliveryStatus[outcome.status] ?? 'unknown').toLowerCase() };
  const reason = triggerOf(leg, outcome, rule);
  if (reason === undefined || !message.sealed) return { kind: 'end', leg: leg.leg, legState, ...end };
  if (message.failovers >= rule.maxFailovers) return { kind: 'end', leg: leg.leg, legState, status: end.status, reason: `max_failovers:${end.reason}` };
  return { kind: 'failover', leg: leg.leg, legState, reason, excluded: exclusionsAfter(message.legs, { ...leg, state: legState }, reason), end };
}
