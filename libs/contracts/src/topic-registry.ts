import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { CircuitStateChangedSchema } from './generated/switchback/events/v1/circuit_pb';
import { CapabilityChangedSchema } from './generated/switchback/events/v1/capability_pb';
import { DeviceKeyChangedSchema } from './generated/switchback/events/v1/device_key_pb';
import { RoutingDecisionSchema } from './generated/switchback/events/v1/decision_pb';
import { DeliveryOutcomeSchema, MessageTerminalSchema } from './generated/switchback/events/v1/delivery_pb';
import { DispatchCommandSchema, RevokeCommandSchema, SecureLinkRequestedSchema } from './generated/switchback/events/v1/dispatch_pb';
import { PolicyChangedSchema } from './generated/switchback/events/v1/policy_pb';
import { SecureLinkLifecycleSchema } from './generated/switchback/events/v1/secure_link_pb';
import { SendRequestedSchema } from './generated/switchback/events/v1/send_pb';

/** A message type that carries personal fields and a `sealed` field (bytes) to hold them sealed. */
export type SealableSchema = typeof SendRequestedSchema | typeof DispatchCommandSchema | typeof RevokeCommandSchema | typeof SecureLinkRequestedSchema;

/**
 * Which personal fields a topic carries sealed (envelope encryption, @switchback/envelope): the
 * publisher moves them into the event's `sealed` field, and only consumers holding the
 * key-encryption key can put them back.
 */
export interface SealedFields {
  readonly schema: SealableSchema;
  readonly fields: readonly string[];
}

/** One event topic: its name on the broker, its protobuf schema and how it is provisioned. */
export interface TopicSpec<S extends DescMessage = DescMessage> {
  readonly name: string;
  readonly schema: S;
  readonly partitions: number;
  readonly retentionMs: number;
  readonly sealed?: SealedFields;
  /** Producers sign its events (Ed25519, per-tenant keys); its first consumer verifies them. */
  readonly signed?: boolean;
}

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
/** How long plaintext from producers without the tenant's key may stay on the broker. */
const PLAINTEXT_RETENTION_MS = HOUR_MS;

function topic<S extends DescMessage>(name: string, schema: S, partitions: number, retentionMs: number, sealed?: SealedFields, signed = false): TopicSpec<S> {
  return { name, schema, partitions, retentionMs, ...(sealed ? { sealed } : {}), ...(signed ? { signed } : {}) };
}

const LEG_FIELDS: SealedFields = { schema: DispatchCommandSchema, fields: ['recipient', 'content'] };

/**
 * Every event topic, declared once. Services name topics only through these keys, so
 * `publish(key, message)` is checked against the topic's message type by the compiler.
 * Partition keys are recipients, so six partitions give order per recipient and room to scale.
 */
export const Topics = {
  // Routing reads it first (and asks capability-discovery about the number over HTTP).
  // Signed by its producer: anyone else who can write to the topic cannot send for a tenant.
  sendRequested: topic('sb.send.requested', SendRequestedSchema, 6, 7 * DAY_MS, { schema: SendRequestedSchema, fields: ['recipient', 'content'] }, true),
  // Producers without the tenant's key publish here, in clear and signed, for tenants switched
  // to allow it (PLAINTEXT_PRODUCER_TENANTS, off by default). Routing re-publishes each one sealed
  // on sb.send.requested at once; the plaintext lives one hour, its retry tiers and dead letters too.
  sendRequestedPlaintext: topic('sb.send.requested.plaintext', SendRequestedSchema, 6, PLAINTEXT_RETENTION_MS, undefined, true),
  dispatchRcs: topic('sb.dispatch.rcs', DispatchCommandSchema, 6, 7 * DAY_MS, LEG_FIELDS),
  dispatchSms: topic('sb.dispatch.sms', DispatchCommandSchema, 6, 7 * DAY_MS, LEG_FIELDS),
  // Sensitive content on its way to become a secure link; kept short, it carries the text.
  dispatchSecureLink: topic('sb.dispatch.securelink', SecureLinkRequestedSchema, 6, 1 * DAY_MS, { schema: SecureLinkRequestedSchema, fields: ['recipient', 'content'] }),
  // Take back an undelivered RCS leg (failover after a timeout, the losing leg of a dual delivery).
  dispatchRevoke: topic('sb.dispatch.revoke', RevokeCommandSchema, 6, 7 * DAY_MS, { schema: RevokeCommandSchema, fields: ['recipient'] }),
  routingDecision: topic('sb.routing.decision', RoutingDecisionSchema, 6, 7 * DAY_MS),
  deliveryOutcome: topic('sb.delivery.outcome', DeliveryOutcomeSchema, 6, 7 * DAY_MS),
  // One event per message at its end: what analytics count (a dual delivery counts once).
  messageTerminal: topic('sb.message.terminal', MessageTerminalSchema, 6, 7 * DAY_MS),
  // Circuit breaker state changes of carrier hubs and SMSC connectors (alerts, audit).
  channelCircuit: topic('sb.channel.circuit', CircuitStateChangedSchema, 1, 30 * DAY_MS),
  capabilityChanged: topic('sb.capability.changed', CapabilityChangedSchema, 6, 7 * DAY_MS),
  policyChanged: topic('sb.policy.changed', PolicyChangedSchema, 1, 30 * DAY_MS),
  // Device-key registrations, removals and refused cross-tenant attempts (metadata only), for the audit log.
  deviceKeyChanged: topic('sb.device.key', DeviceKeyChangedSchema, 1, 30 * DAY_MS),
  // Metadata only (created, claimed, expired, revoked, burned), for the audit log.
  secureLinkLifecycle: topic('sb.securelink.lifecycle', SecureLinkLifecycleSchema, 6, 7 * DAY_MS),
} as const;

export type TopicKey = keyof typeof Topics;
export type SchemaOf<K extends TopicKey> = (typeof Topics)[K]['schema'];
/** The decoded message type carried by topic K. */
export type EventOf<K extends TopicKey> = MessageShape<SchemaOf<K>>;

/**
 * Which consumer group (one per service) reads which topics. Retry and dead-letter topics are
 * derived from this per group, so provisioning and the consumers agree on them.
 */
export const ConsumerGroups = {
  // Sends (latency-critical) and outcomes (bookkeeping, row locks) in separate groups: a slow
  // outcome transaction never holds up the next send's fetch. capability-discovery consumes
  // nothing: routing asks it per send over HTTP, so it never holds the sends' sealed text.
  routing: ['sendRequested', 'dispatchSecureLink'],
  'routing-outcomes': ['deliveryOutcome'],
  // Re-encrypts plaintext send requests; its own group, so its retry and dead-letter copies
  // (plaintext too) get the one-hour retention of the topic, not two weeks.
  'routing-plaintext': ['sendRequestedPlaintext'],
  'rcs-gateway': ['dispatchRcs', 'dispatchRevoke'],
  'smpp-gateway': ['dispatchSms'],
  'audit-sink': ['routingDecision', 'deliveryOutcome', 'messageTerminal', 'channelCircuit', 'capabilityChanged', 'policyChanged', 'secureLinkLifecycle', 'deviceKeyChanged'],
  // Status callbacks to tenants' endpoints: metadata topics only, in a group of its own so a slow
  // customer endpoint never holds up routing or the audit log.
  'webhook-dispatcher': ['routingDecision', 'deliveryOutcome', 'messageTerminal', 'secureLinkLifecycle'],
} as const satisfies Record<string, readonly TopicKey[]>;

export type ConsumerGroupName = keyof typeof ConsumerGroups;

/** Retry and dead-letter topics keep a failed message for two weeks: time to fix and redrive. */
export const PARKING_RETENTION_MS = 14 * DAY_MS;
/** Groups whose parked copies hold plaintext: kept no longer than the plaintext topic itself. */
export const SHORT_PARKING_RETENTION_MS: Partial<Record<ConsumerGroupName, number>> = { 'routing-plaintext': PLAINTEXT_RETENTION_MS };
export const PARKING_PARTITIONS = 3;
