import { Injectable } from '@nestjs/common';
import { OnEvent, type EventContext } from '@switchback/bus';
import { ActionTaken, CapabilityLevel, Channel, CircuitState, DeliveryStatus, DeviceKeyAction, type DeviceKeyChanged, FallbackReason, KeyDeliveryMode, SecureLinkEventType, Sensitivity, TrafficType, type CapabilityChanged, type CircuitStateChanged, type DeliveryOutcome, type MessageTerminal, type PolicyChanged, type RoutingDecision, type SecureLinkLifecycle } from '@switchback/contracts';
import { AuditEntryException, AuditLog } from './audit-log';

/**
 * A time of the event's detail as ISO text. Out of a Date's range (a fuzzed or corrupt int64),
 * toISOString would throw a RangeError that the bus retries for nothing: it is a permanent,
 * typed error naming the field.
 */
function detailTime(ms: bigint, field: string): string {
  const date = new Date(Number(ms));
  if (Number.isNaN(date.getTime())) throw new AuditEntryException(`${field} is not a date`);
  return date.toISOString();
}

const name = (enumObject: Record<number, string>, value: number): string => (enumObject[value] ?? 'UNSPECIFIED').toLowerCase();

/** Writes every metadata event to the audit log: decisions, outcomes, capability and policy changes, secure links. */
@Injectable()
export class AuditConsumer {
  constructor(private readonly audit: AuditLog) {}

  @OnEvent('routingDecision')
  async decision(event: RoutingDecision, _context: EventContext): Promise<void> {
    await this.audit.append({
      // A message can have several decisions (a block, then its override or expiry; failovers,
      // one per leg). First decisions keep the key they had before failover existed.
      eventKey: `decision:${event.messageId}:${event.tenantId}:${event.actionTaken}${event.leg > 1 ? `:leg${event.leg}` : ''}`,
      eventType: 'routing_decision',
      messageId: event.messageId,
      tenantId: event.tenantId,
      recipientHash: event.recipientHash,
      channel: name(Channel, event.channel),
      outcome: name(ActionTaken, event.actionTaken),
      fallbackReason: name(FallbackReason, event.fallbackReason),
      detail: {
        sensitivity: name(Sensitivity, event.sensitivity),
        detectorIds: event.detectorIds,
        policyVersion: event.policyVersion,
        cohort: event.cohort,
        trafficType: name(TrafficType, event.trafficType),
        contentFingerprint: event.contentFingerprint,
        dualChannel: name(Channel, event.dualChannel),
        region: event.region,
        carrier: event.carrier,
        ...(event.actor ? { actor: event.actor, overrideReason: event.overrideReason } : {}),
        ...(event.leg > 1 ? { leg: event.leg, failoverFromLeg: event.failoverFromLeg } : {}),
        ...(event.holdExpiresAtMs > 0n ? { holdExpiresAt: detailTime(event.holdExpiresAtMs, 'holdExpiresAtMs') } : {}),
        ...(event.refusalCode ? { refusalCode: event.refusalCode } : {}),
      },
      occurredAt: new Date(Number(event.decidedAtMs)),
    });
  }

  @OnEvent('deliveryOutcome')
  async outcome(event: DeliveryOutcome, _context: EventContext): Promise<void> {
    await this.audit.append({
      eventKey: `outcome:${event.messageId}:${event.tenantId}:${event.leg}:${event.status}`,
      eventType: 'delivery_outcome',
      messageId: event.messageId,
      tenantId: event.tenantId,
      recipientHash: event.recipientHash,
      channel: name(Channel, event.channel),
      outcome: name(DeliveryStatus, event.status),
      fallbackReason: null,
      detail: { leg: event.leg, reason: event.reason },
      occurredAt: new Date(Number(event.occurredAtMs)),
    });
  }

  @OnEvent('messageTerminal')
  async terminal(event: MessageTerminal, _context: EventContext): Promise<void> {
    await this.audit.append({
      // One end per message: a replayed or duplicated terminal event is the same row.
      eventKey: `terminal:${event.messageId}:${event.tenantId}`,
      eventType: 'message_terminal',
      messageId: event.messageId,
      tenantId: event.tenantId,
      recipientHash: event.recipientHash,
      channel: name(Channel, event.channel),
      outcome: name(DeliveryStatus, event.status),
      fallbackReason: null,
      detail: { leg: event.leg, legsDispatched: event.legsDispatched, reason: event.reason },
      occurredAt: new Date(Number(event.occurredAtMs)),
    });
  }

  @OnEvent('channelCircuit')
  async circuit(event: CircuitStateChanged, _context: EventContext): Promise<void> {
    const state = name(CircuitState, event.state);
    await this.audit.append({
      eventKey: `circuit:${event.pathId}:${event.instanceId}:${event.changedAtMs}:${state}`,
      eventType: 'circuit_state_changed',
      messageId: '',
      tenantId: '',
      recipientHash: '',
      channel: name(Channel, event.channel),
      outcome: state,
      fallbackReason: null,
      detail: {
        pathId: event.pathId,
        previousState: name(CircuitState, event.previousState),
        failures: event.failures,
        calls: event.calls,
        reason: event.reason,
        instanceId: event.instanceId,
        ...(event.openUntilMs > 0n ? { openUntil: detailTime(event.openUntilMs, 'openUntilMs') } : {}),
      },
      occurredAt: new Date(Number(event.changedAtMs)),
    });
  }

  @OnEvent('capabilityChanged')
  async capabilityChanged(event: CapabilityChanged, _context: EventContext): Promise<void> {
    await this.audit.append({
      eventKey: `capability:${event.recipientHash}:${event.observedAtMs}:${event.currentLevel}`,
      eventType: 'capability_changed',
      messageId: '',
      tenantId: '',
      recipientHash: event.recipientHash,
      channel: '',
      outcome: event.downgradeSuspected ? 'downgrade_suspected' : 'level_changed',
      fallbackReason: null,
      detail: {
        previousLevel: name(CapabilityLevel, event.previousLevel),
        currentLevel: name(CapabilityLevel, event.currentLevel),
        pinnedLevel: name(CapabilityLevel, event.pinnedLevel),
        pinnedAt: detailTime(event.pinnedAtMs, 'pinnedAtMs'),
        carrier: event.carrier,
        region: event.region,
      },
      occurredAt: new Date(Number(event.observedAtMs)),
    });
  }

  @OnEvent('policyChanged')
  async policyChanged(event: PolicyChanged, _context: EventContext): Promise<void> {
    await this.audit.append({
      eventKey: `policy:${event.tenantId}:${event.version}`,
      eventType: 'policy_changed',
      messageId: '',
      tenantId: event.tenantId,
      recipientHash: '',
      channel: '',
      outcome: `version_${event.version}`,
      fallbackReason: null,
      // Policies hold no secrets or content; the whole policy is kept for compliance.
      detail: { version: event.version, actor: event.actor, policy: JSON.parse(event.policyJson || '{}') as unknown },
      occurredAt: new Date(Number(event.changedAtMs)),
    });
  }

  @OnEvent('deviceKeyChanged')
  async deviceKey(event: DeviceKeyChanged, _context: EventContext): Promise<void> {
    const action = name(DeviceKeyAction, event.action);
    await this.audit.append({
      eventKey: `devicekey:${event.recipientHash}:${event.keyId}:${action}:${event.tenantId}:${event.changedAtMs}`,
      eventType: 'device_key_changed',
      messageId: '',
      tenantId: event.tenantId,
      recipientHash: event.recipientHash,
      channel: '',
      outcome: action,
      fallbackReason: null,
      // Who acted; the public key itself is not audit data.
      detail: { client: event.client, keyId: event.keyId, ...(event.ownerTenantId ? { ownerTenantId: event.ownerTenantId } : {}) },
      occurredAt: new Date(Number(event.changedAtMs)),
    });
  }

  @OnEvent('secureLinkLifecycle')
  async secureLink(event: SecureLinkLifecycle, _context: EventContext): Promise<void> {
    const type = name(SecureLinkEventType, event.type);
    await this.audit.append({
      // A link is claimed once per view: the view count tells the claims apart.
      eventKey: `securelink:${event.linkId}:${type}:${event.views}`,
      eventType: 'secure_link_lifecycle',
      messageId: event.messageId,
      tenantId: event.tenantId,
      recipientHash: '',
      channel: '',
      outcome: type,
      fallbackReason: null,
      detail: {
        linkId: event.linkId,
        views: event.views,
        maxViews: event.maxViews,
        keyMode: name(KeyDeliveryMode, event.keyMode),
        expiresAt: detailTime(event.expiresAtMs, 'expiresAtMs'),
        // Compliance: every payload key sealed to an escrow key is on record, with that key's id.
        escrowKeyId: event.escrowKeyId || null,
        ...(event.actor ? { actor: event.actor } : {}),
      },
      occurredAt: new Date(Number(event.occurredAtMs)),
    });
  }
}
