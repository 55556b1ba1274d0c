import type { MessageInitShape } from '@bufbuild/protobuf';
import { ActionTaken, Channel, create, DeliveryOutcomeSchema, DeliveryStatus, E2eeCapability, FallbackReason, MessageTerminalSchema, RoutingDecisionSchema, SecureLinkEventType, SecureLinkLifecycleSchema } from '@switchback/contracts';
import { webhookBody } from './webhook-event';
import { fromDecision, fromOutcome, fromSecureLink, fromTerminal } from './webhook-event-mapper';

const decision = (fields: Omit<MessageInitShape<typeof RoutingDecisionSchema>, '$typeName'> = {}) =>
  create(RoutingDecisionSchema, { messageId: 'm-1', tenantId: 'acme', recipientHash: 'k1:abc', contentFingerprint: 'fp', channel: Channel.SMS, e2eeCapability: E2eeCapability.UNAVAILABLE, fallbackReason: FallbackReason.NOT_RCS_REACHABLE, actionTaken: ActionTaken.SENT_PLAIN, decidedAtMs: 1_763_900_000_000n, leg: 1, ...fields });

describe('webhook event mapping', () => {
  it('turns a first decision into message.accepted then message.decided, metadata only', () => {
    const events = fromDecision(decision());
    expect(events.map((e) => e.type)).toEqual(['message.accepted', 'message.decided']);
    expect(events[1]!.data).toEqual({ channel: 'sms', e2ee_capability: 'unavailable', fallback_reason: 'not_rcs_reachable', action_taken: 'sent_plain', leg: 1 });
    const body = webhookBody(events[1]!);
    expect(JSON.parse(body)).toEqual({ type: 'message.decided', timestamp: '2025-11-23T12:13:20.000Z', data: expect.objectContaining({ message_id: 'm-1' }) });
    expect(body).not.toMatch(/k1:abc|fp/);
  });

  it('names held, blocked and secure-link actions, and a failover decision alone', () => {
    expect(fromDecision(decision({ actionTaken: ActionTaken.BLOCKED, holdExpiresAtMs: 1_763_990_000_000n }))[1]!.data['action_taken']).toBe('held');
    expect(fromDecision(decision({ actionTaken: ActionTaken.BLOCKED }))[1]!.data['action_taken']).toBe('blocked');
    expect(fromDecision(decision({ actionTaken: ActionTaken.SECURE_LINK_CREATED }))[1]!.data['action_taken']).toBe('secure_link');
    const failover = fromDecision(decision({ leg: 2, failoverFromLeg: 1, fallbackReason: FallbackReason.DELIVERY_TIMEOUT }));
    expect(failover.map((e) => e.type)).toEqual(['message.decided']);
    expect(failover[0]!.data).toMatchObject({ leg: 2, failover_from_leg: 1, fallback_reason: 'delivery_timeout' });
  });

  it('maps overrides and hold expiry to hold events, and announces no refused send', () => {
    expect(fromDecision(decision({ actionTaken: ActionTaken.USER_OVERRIDE, actor: 'alice', overrideReason: 'ok' })).map((e) => e.type)).toEqual(['hold.released']);
    expect(JSON.stringify(fromDecision(decision({ actionTaken: ActionTaken.USER_OVERRIDE, actor: 'alice', overrideReason: 'secret reason' })))).not.toContain('secret reason');
    expect(fromDecision(decision({ actionTaken: ActionTaken.EXPIRED })).map((e) => e.type)).toEqual(['hold.expired']);
    expect(fromDecision(decision({ actionTaken: ActionTaken.REFUSED }))).toEqual([]);
  });

  it('gives the same webhook id for the same source event and different ids for different events', () => {
    expect(fromDecision(decision()).map((e) => e.id)).toEqual(fromDecision(decision({ decidedAtMs: 1n })).map((e) => e.id));
    const ids = new Set([...fromDecision(decision()), ...fromDecision(decision({ leg: 2 })), ...fromDecision(decision({ messageId: 'm-2' })), ...fromDecision(decision({ tenantId: 'globex' }))].map((e) => e.id));
    expect(ids.size).toBe(7);
    expect([...ids][0]).toMatch(/^msg_[A-Za-z0-9_-]{32}$/);
  });

  it('maps delivery outcomes per leg and skips SUBMITTED', () => {
    const outcome = (status: DeliveryStatus) => create(DeliveryOutcomeSchema, { messageId: 'm-1', tenantId: 'acme', channel: Channel.RCS, leg: 1, status, reason: 'http_404', occurredAtMs: 5n });
    expect([DeliveryStatus.DELIVERED, DeliveryStatus.READ, DeliveryStatus.FAILED, DeliveryStatus.UNREACHABLE, DeliveryStatus.EXPIRED, DeliveryStatus.REVOKED, DeliveryStatus.SUBMITTED].map((s) => fromOutcome(outcome(s))[0]?.type)).toEqual([
      'message.delivered', 'message.read', 'message.failed', 'message.failed', 'message.expired', 'message.revoked', undefined,
    ]);
    expect(fromOutcome(outcome(DeliveryStatus.FAILED))[0]!.data).toEqual({ channel: 'rcs', leg: 1, status: 'failed', reason: 'http_404' });
  });

  it('gives one terminal id per message, whatever leg or time the duplicate names', () => {
    const terminal = (leg: number, at: bigint) => fromTerminal(create(MessageTerminalSchema, { messageId: 'm-1', tenantId: 'acme', status: DeliveryStatus.DELIVERED, channel: Channel.SMS, leg, legsDispatched: 2, occurredAtMs: at }))[0]!;
    expect(terminal(2, 10n).id).toBe(terminal(1, 20n).id);
    expect(terminal(2, 10n)).toMatchObject({ type: 'message.terminal', data: { status: 'delivered', channel: 'sms', leg: 2, legs_dispatched: 2, reason: null } });
  });

  it('maps claimed and expired links of a message, without the link id', () => {
    const link = (type: SecureLinkEventType, messageId = 'm-1') => fromSecureLink(create(SecureLinkLifecycleSchema, { linkId: 'lnk_secret_id', tenantId: 'acme', messageId, type, views: 1, maxViews: 1, occurredAtMs: 7n }));
    expect(link(SecureLinkEventType.CLAIMED)[0]).toMatchObject({ type: 'link.claimed', messageId: 'm-1', data: { views: 1, max_views: 1 } });
    expect(link(SecureLinkEventType.EXPIRED)[0]?.type).toBe('link.expired');
    expect(link(SecureLinkEventType.CREATED)).toEqual([]);
    expect(link(SecureLinkEventType.CLAIMED, '')).toEqual([]);
    expect(webhookBody(link(SecureLinkEventType.CLAIMED)[0]!)).not.toContain('lnk_secret_id');
  });
});
