import { Injectable } from '@nestjs/common';
import { ActionTaken, Channel, DeliveryStatus, FallbackReason, Sensitivity, type DeliveryOutcome } from '@switchback/contracts';
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
  readonly status: string;
  readonly reason: string;
  readonly occurredAt: string;
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
  readonly legs: readonly MessageLegView[];
}

/** Records decisions and delivery legs, and shows them to the tenant that owns the message. */
@Injectable()
export class MessageLedger {
  constructor(private readonly dataSource: DataSource) {}

  /** Idempotent: a redelivered decision (or a later override) replaces the row. */
  async recordDecision(record: DecisionRecord): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO message_views (message_id, tenant_id, recipient_hash, channel, action_taken, fallback_reason, sensitivity, detector_ids, cohort, policy_version, decided_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (message_id) DO UPDATE SET channel = EXCLUDED.channel, action_taken = EXCLUDED.action_taken, fallback_reason = EXCLUDED.fallback_reason,
         sensitivity = EXCLUDED.sensitivity, detector_ids = EXCLUDED.detector_ids, cohort = EXCLUDED.cohort, policy_version = EXCLUDED.policy_version, decided_at = EXCLUDED.decided_at
       WHERE message_views.tenant_id = EXCLUDED.tenant_id`,
      [
        record.messageId,
        record.tenantId,
        record.recipientHash,
        enumName(Channel, record.channel),
        enumName(ActionTaken, record.actionTaken),
        enumName(FallbackReason, record.fallbackReason),
        enumName(Sensitivity, record.sensitivity),
        [...record.detectorIds],
        record.cohort,
        record.policyVersion,
        new Date(record.decidedAtMs),
      ],
    );
  }

  /** Keeps the latest status per leg; an outcome older than the stored one is ignored. */
  async recordOutcome(outcome: DeliveryOutcome): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO message_legs (message_id, leg, channel, status, reason, occurred_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (message_id, leg) DO UPDATE SET channel = EXCLUDED.channel, status = EXCLUDED.status, reason = EXCLUDED.reason, occurred_at = EXCLUDED.occurred_at
       WHERE message_legs.occurred_at <= EXCLUDED.occurred_at`,
      [outcome.messageId, outcome.leg, enumName(Channel, outcome.channel), enumName(DeliveryStatus, outcome.status), outcome.reason, new Date(Number(outcome.occurredAtMs))],
    );
  }

  /** Undefined for an unknown message or another tenant's (the caller cannot tell which). */
  async find(tenantId: string, messageId: string): Promise<MessageView | undefined> {
    const view = await this.dataSource.getRepository(MessageViewEntity).findOne({ where: { messageId, tenantId } });
    if (!view) return undefined;
    const legs = await this.dataSource.getRepository(MessageLegEntity).find({ where: { messageId }, order: { leg: 'ASC' } });
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
      legs: legs.map((leg) => ({ leg: leg.leg, channel: leg.channel, status: leg.status, reason: leg.reason, occurredAt: leg.occurredAt.toISOString() })),
    };
  }
}
