import { ActionTaken, Channel, DeliveryStatus, E2eeCapability, FallbackReason, SecureLinkEventType, type DeliveryOutcome, type MessageTerminal, type RoutingDecision, type SecureLinkLifecycle } from '@switchback/contracts';
import { webhookId, type WebhookEvent, type WebhookEventType } from './webhook-event';

const lower = (enumObject: Record<number, string>, value: number): string => (enumObject[value] ?? 'UNSPECIFIED').toLowerCase();
const ms = (value: bigint): number => Number(value);

/** What the sender learns about the decision; "held" is a block that waits for an override. */
function actionOf(decision: RoutingDecision): string {
  switch (decision.actionTaken) {
    case ActionTaken.SENT_E2EE:
      return 'sent_e2ee';
    case ActionTaken.SENT_PLAIN:
      return 'sent_plain';
    case ActionTaken.SECURE_LINK_CREATED:
      return 'secure_link';
    case ActionTaken.BLOCKED:
      return decision.holdExpiresAtMs > 0n ? 'held' : 'blocked';
    default:
      return lower(ActionTaken, decision.actionTaken);
  }
}

/**
 * sb.routing.decision → message.accepted and message.decided (first routing), message.decided
 * (a failover's next leg), hold.released (an override) or hold.expired. Refused sends give
 * nothing: their tenant is an unverified claim, so nobody's endpoint may be told about them.
 */
export function fromDecision(decision: RoutingDecision): WebhookEvent[] {
  const base = { tenantId: decision.tenantId, messageId: decision.messageId, occurredAtMs: ms(decision.decidedAtMs) };
  const id = (type: WebhookEventType): string => webhookId('decision', decision.tenantId, decision.messageId, decision.leg, decision.actionTaken, type);
  switch (decision.actionTaken) {
    case ActionTaken.REFUSED:
    case ActionTaken.UNSPECIFIED:
      return [];
    case ActionTaken.USER_OVERRIDE:
      return [{ ...base, id: id('hold.released'), type: 'hold.released', data: { channel: lower(Channel, decision.channel), leg: decision.leg } }];
    case ActionTaken.EXPIRED:
      return [{ ...base, id: id('hold.expired'), type: 'hold.expired', data: {} }];
    default:
      break;
  }
  const decided: WebhookEvent = {
    ...base,
    id: id('message.decided'),
    type: 'message.decided',
    data: {
      channel: lower(Channel, decision.channel),
      e2ee_capability: lower(E2eeCapability, decision.e2eeCapability),
      fallback_reason: lower(FallbackReason, decision.fallbackReason),
      action_taken: actionOf(decision),
      leg: Math.max(decision.leg, 1),
      ...(decision.leg > 1 ? { failover_from_leg: decision.failoverFromLeg } : {}),
      ...(decision.holdExpiresAtMs > 0n ? { hold_expires_at: new Date(ms(decision.holdExpiresAtMs)).toISOString() } : {}),
    },
  };
  if (decision.leg > 1) return [decided];
  // No topic announces acceptance on its own (sb.send.requested carries the sealed text): the
  // first decision is the moment routing has accepted the send, so both go out, in this order.
  return [{ ...base, id: id('message.accepted'), type: 'message.accepted', data: {} }, decided];
}

const OUTCOME_TYPES: Partial<Record<DeliveryStatus, WebhookEventType>> = {
  [DeliveryStatus.DELIVERED]: 'message.delivered',
  [DeliveryStatus.READ]: 'message.read',
  [DeliveryStatus.FAILED]: 'message.failed',
  [DeliveryStatus.UNREACHABLE]: 'message.failed',
  [DeliveryStatus.EXPIRED]: 'message.expired',
  [DeliveryStatus.REVOKED]: 'message.revoked',
};

/** sb.delivery.outcome → one event per leg and status (SUBMITTED is not announced). */
export function fromOutcome(outcome: DeliveryOutcome): WebhookEvent[] {
  const type = OUTCOME_TYPES[outcome.status];
  if (!type) return [];
  return [
    {
      id: webhookId('outcome', outcome.tenantId, outcome.messageId, outcome.leg, outcome.status),
      type,
      tenantId: outcome.tenantId,
      messageId: outcome.messageId,
      occurredAtMs: ms(outcome.occurredAtMs),
      data: { channel: lower(Channel, outcome.channel), leg: outcome.leg, status: lower(DeliveryStatus, outcome.status), reason: outcome.reason || null },
    },
  ];
}

/** sb.message.terminal → message.terminal: one id per message, so a duplicate terminal is the same callback. */
export function fromTerminal(terminal: MessageTerminal): WebhookEvent[] {
  return [
    {
      id: webhookId('terminal', terminal.tenantId, terminal.messageId),
      type: 'message.terminal',
      tenantId: terminal.tenantId,
      messageId: terminal.messageId,
      occurredAtMs: ms(terminal.occurredAtMs),
      data: { status: lower(DeliveryStatus, terminal.status), channel: lower(Channel, terminal.channel), leg: terminal.leg, legs_dispatched: terminal.legsDispatched, reason: terminal.reason || null },
    },
  ];
}

/**
 * sb.securelink.lifecycle → link.claimed and link.expired, for links made for a message. The
 * link id is left out: with it anyone could spend a code link's wrong-guess budget.
 */
export function fromSecureLink(link: SecureLinkLifecycle): WebhookEvent[] {
  if (!link.messageId) return [];
  const type: WebhookEventType | undefined = link.type === SecureLinkEventType.CLAIMED ? 'link.claimed' : link.type === SecureLinkEventType.EXPIRED ? 'link.expired' : undefined;
  if (!type) return [];
  return [
    {
      id: webhookId('securelink', link.tenantId, link.linkId, link.type, link.views),
      type,
      tenantId: link.tenantId,
      messageId: link.messageId,
      occurredAtMs: ms(link.occurredAtMs),
      data: { views: link.views, max_views: link.maxViews },
    },
  ];
}
