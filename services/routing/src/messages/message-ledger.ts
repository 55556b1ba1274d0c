import { Injectable } from '@nestjs/common';
import { ActionTaken, Channel, DeliveryStatus, FallbackReason, Sensitivity, type DeliveryOutcome } from '@switchback/contracts';
import { Coalescer } from '@switchback/persistence';
import { DataSource } from 'typeorm';
import { enumName } from './enum-name';
import { MessageLegEntity } from './message-leg.entity';
import { MessageViewEntity } from './message-view.entity';

/** What routing decided for one message (metadata only: no text, no number). */
export interface DecisionRecord {
  readonly messageId: string;
  readonly tenantId: string;
  readonly recipientHash: string;
  readonly channel: Channel;
  readonly actionTaken: ActionTaken;
  readonly fallbackReason: FallbackReason;
  readonly sensitivity: Sensitivity;
  readonly detectorIds: readonly string[];
  readonly cohort: string;
  readonly policyVersion: number;
  readonly decidedAtMs: number;
}

export interface MessageLegView {
  readonly leg: number;
  readonly channel: string;
  /** The gateway's latest status ('dispatched' until one arrives). */
  readonly status: string;
  readonly reason: string;
  readonly occurredAt: string | null;
  /** Routing's view of the leg: live, revoking, delivered, read, failed, unreachable, expired, revoked, lost. */
  readonly state: string | null;
  /** Why this leg went out (a failover names DELIVERY_FAILED, DELIVERY_TIMEOUT, TTL_EXPIRED, CIRCUIT_OPEN). */
  readonly fallbackReason: string | null;
  /** Failover legs only: the leg whose failure caused it. */
  readonly failoverFromLeg: number | null;
}


export interface MessageView {
  readonly messageId: string;
  readonly recipientHash: string;
  readonly channel: string;
  readonly actionTaken: string;
  readonly fallbackReason: string;
  readonly sensitivity: string;
  readonly detectorIds: readonly string[];
  readonly cohort: string;
  readonly policyVersion: number;
  readonly decidedAt: string;
  /** dispatched, delivered, read, failed, expired, revoked or blocked (accepted sends have no view yet: 404). */
  readonly state: string;
  /** Set once the message ended: its one terminal outcome and the leg that decided it. */
  readonly terminal: { readonly status: string; readonly leg: number; readonly channel: string; readonly reason: string; readonly at: string } | null;
  readonly legs: readonly MessageLegView[];
}

interface LifecycleRow {
  state: string;
  terminal_status: string | null;
  terminal_leg: number | null;
  terminal_channel: number | null;
  terminal_reason: string | null;
  terminal_at: Date | null;
}

interface LifecycleLegRow {
  leg: number;
  channel: number;
  state: string;
  fallback_reason: number;
  failover_from_leg: number;
}

/**
 * A message routing does not follow (no lifecycle row): blocked and still held, or dispatched
 * before lifecycles existed (then its best reported leg says it), or its ended lifecycle was
 * deleted by retention (LIFECYCLE_RETENTION_DAYS).
 */
function stateWithoutLifecycle(actionTaken: string, legStatuses: readonly string[]): string {
  if (actionTaken === 'blocked' || actionTaken === 'expired') return actionTaken;
  return legStatuses.includes('read') ? 'read' : legStatuses.includes('delivered') ? 'delivered' : 'dispatched';
}

/**
 * Per message, the decision a sequence of upserts would keep: the last one of the tenant that
 * came first (the upsert never lets another tenant's decision replace a row).
 */
function lastDecisionPerMessage(records: readonly DecisionRecord[]): DecisionRecord[] {
  const byMessage = new Map<string, DecisionRecord>();
  for (const record of records) {
    const kept = byMessage.get(record.messageId);
    if (!kept || kept.tenantId === record.tenantId) byMessage.set(record.messageId, record);
  }
  return [...byMessage.values()];
}

/** Per leg, the outcome a sequence of upserts would keep: the latest (the later one on a tie). */
function latestPerLeg(outcomes: readonly DeliveryOutcome[]): DeliveryOutcome[] {
  const byLeg = new Map<string, DeliveryOutcome>();
  for (const outcome of outcomes) {
    const key = `${outcome.messageId}\u0000${outcome.leg}`;
    const kept = byLeg.get(key);
    if (!kept || kept.occurredAtMs <= outcome.occurredAtMs) byLeg.set(key, outcome);
  }
  return [...byLeg.values()];
}

/** Records decisions and delivery legs, and shows them to the tenant that owns the message. */
@Injectable()
export class MessageLedger {
  constructor(private readonly dataSource: DataSource) {}

  // Group commit: the decisions and outcomes of concurrent handlers share one statement.
  private readonly decisions = new Coalescer<DecisionRecord>((records) => this.writeDecisions(records));
  private readonly outcomes = new Coalescer<DeliveryOutcome>((outcomes) => this.writeOutcomes(outcomes));

  /** Idempotent: a redelivered decision (or a later override) replaces the row. */
  recordDecision(record: DecisionRecord): Promise<void> {
    return this.decisions.submit(record);
  }

  /** Keeps the latest status per leg; an outcome older than the stored one is ignored. */
  recordOutcome(outcome: DeliveryOutcome): Promise<void> {
    return this.outcomes.submit(outcome);
  }

  private async writeDecisions(batch: readonly DecisionRecord[]): Promise<void> {
    const records = lastDecisionPerMessage(batch);
    await this.dataSource.query(
      `INSERT INTO message_views (message_id, tenant_id, recipient_hash, channel, action_taken, fallback_reason, sensitivity, detector_ids, cohort, policy_version, decided_at)
       SELECT d.message_id, d.tenant_id, d.recipient_hash, d.channel, d.action_taken, d.fallback_reason, d.sensitivity,
              ARRAY(SELECT jsonb_array_elements_text(d.detector_ids)), d.cohort, d.policy_version, d.decided_at
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[], $9::text[], $10::int[], $11::timestamptz[])
           AS d(message_id, tenant_id, recipient_hash, channel, action_taken, fallback_reason, sensitivity, detector_ids, cohort, policy_version, decided_at)
       ON CONFLICT (message_id) DO UPDATE SET channel = EXCLUDED.channel, action_taken = EXCLUDED.action_taken, fallback_reason = EXCLUDED.fallback_reason,
         sensitivity = EXCLUDED.sensitivity, detector_ids = EXCLUDED.detector_ids, cohort = EXCLUDED.cohort, policy_version = EXCLUDED.policy_version, decided_at = EXCLUDED.decided_at
       WHERE message_views.tenant_id = EXCLUDED.tenant_id`,
      [
        records.map((record) => record.messageId),
        records.map((record) => record.tenantId),
        records.map((record) => record.recipientHash),
        records.map((record) => enumName(Channel, record.channel)),
        records.map((record) => enumName(ActionTaken, record.actionTaken)),
        records.map((record) => enumName(FallbackReason, record.fallbackReason)),
        records.map((record) => enumName(Sensitivity, record.sensitivity)),
        // A text[] per row does not fit unnest (it flattens arrays of arrays): one JSON array each.
        records.map((record) => JSON.stringify(record.detectorIds)),
        records.map((record) => record.cohort),
        records.map((record) => record.policyVersion),
        records.map((record) => new Date(record.decidedAtMs)),
      ],
    );
  }

  private async writeOutcomes(batch: readonly DeliveryOutcome[]): Promise<void> {
    const outcomes = latestPerLeg(batch);
    await this.dataSource.query(
      `INSERT INTO message_legs (message_id, leg, channel, status, reason, occurred_at)
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
       ON CONFLICT (message_id, leg) DO UPDATE SET channel = EXCLUDED.channel, status = EXCLUDED.status, reason = EXCLUDED.reason, occurred_at = EXCLUDED.occurred_at
       WHERE message_legs.occurred_at <= EXCLUDED.occurred_at`,
      [
        outcomes.map((outcome) => outcome.messageId),
        outcomes.map((outcome) => outcome.leg),
        outcomes.map((outcome) => enumName(Channel, outcome.channel)),
        outcomes.map((outcome) => enumName(DeliveryStatus, outcome.status)),
        outcomes.map((outcome) => outcome.reason),
        outcomes.map((outcome) => new Date(Number(outcome.occurredAtMs))),
      ],
    );
  }

  /** Undefined for an unknown message or another tenant's (the caller cannot tell which). */
  async find(tenantId: string, messageId: string): Promise<MessageView | undefined> {
    const view = await this.dataSource.getRepository(MessageViewEntity).findOne({ where: { messageId, tenantId } });
    if (!view) return undefined;
    const [legs, [lifecycle], followed] = await Promise.all([
      this.dataSource.getRepository(MessageLegEntity).find({ where: { messageId }, order: { leg: 'ASC' } }),
      this.dataSource.query(`SELECT state, terminal_status, terminal_leg, terminal_channel, terminal_reason, terminal_at FROM message_lifecycles WHERE message_id = $1`, [messageId]) as Promise<LifecycleRow[]>,
      this.dataSource.query(`SELECT leg, channel, state, fallback_reason, failover_from_leg FROM lifecycle_legs WHERE message_id = $1`, [messageId]) as Promise<LifecycleLegRow[]>,
    ]);
    const numbers = [...new Set([...legs.map((leg) => leg.leg), ...followed.map((leg) => leg.leg)])].sort((a, b) => a - b);
    return {
      messageId: view.messageId,
      recipientHash: view.recipientHash,
      channel: view.channel,
      actionTaken: view.actionTaken,
      fallbackReason: view.fallbackReason,
      sensitivity: view.sensitivity,
      detectorIds: view.detectorIds,
      cohort: view.cohort,
      policyVersion: view.policyVersion,
      decidedAt: view.decidedAt.toISOString(),
      state: lifecycle?.state ?? stateWithoutLifecycle(view.actionTaken, legs.map((leg) => leg.status)),
      terminal:
        lifecycle?.terminal_at && lifecycle.terminal_status
          ? { status: lifecycle.terminal_status, leg: lifecycle.terminal_leg ?? 0, channel: enumName(Channel, lifecycle.terminal_channel ?? 0), reason: lifecycle.terminal_reason ?? '', at: lifecycle.terminal_at.toISOString() }
          : null,
      legs: numbers.map((number) => {
        const seen = legs.find((leg) => leg.leg === number);
        const own = followed.find((leg) => leg.leg === number);
        return {
          leg: number,
          channel: seen?.channel ?? enumName(Channel, own?.channel ?? 0),
          status: seen?.status ?? 'dispatched',
          reason: seen?.reason ?? '',
          occurredAt: seen?.occurredAt.toISOString() ?? null,
          state: own?.state ?? null,
          fallbackReason: own ? enumName(FallbackReason, own.fallback_reason) : null,
          failoverFromLeg: own && own.failover_from_leg > 0 ? own.failover_from_leg : null,
        };
      }),
    };
  }
}
