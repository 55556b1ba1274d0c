import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One metadata-only audit row: no content, no phone number (recipients are keyed hashes). */
@Entity({ name: 'audit_events' })
export class AuditEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  /** Idempotency: the same event consumed twice yields one row. */
  @Column({ name: 'event_key', type: 'text', unique: true })
  eventKey!: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType!: string;

  @Column({ name: 'message_id', type: 'text' })
  messageId!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'recipient_hash', type: 'text' })
  recipientHash!: string;

  @Column({ type: 'text' })
  channel!: string;

  /** The decision's action or the delivery status. */
  @Column({ type: 'text' })
  outcome!: string;

  @Column({ name: 'fallback_reason', type: 'text', nullable: true })
  fallbackReason!: string | null;

  /** Event-specific metadata: ids, versions, levels, an override's actor and reason. Never content. */
  @Column({ type: 'jsonb', nullable: true })
  detail!: object | null;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
