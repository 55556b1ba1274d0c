import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The routing decision of one message, for GET /v1/messages/:id (metadata only). */
@Entity({ name: 'message_views' })
export class MessageViewEntity {
  @PrimaryColumn({ name: 'message_id', type: 'text' })
  messageId!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'recipient_hash', type: 'text' })
  recipientHash!: string;

  @Column({ type: 'text' })
  channel!: string;

  @Column({ name: 'action_taken', type: 'text' })
  actionTaken!: string;

  @Column({ name: 'fallback_reason', type: 'text' })
  fallbackReason!: string;

  @Column({ type: 'text' })
  sensitivity!: string;

  @Column({ name: 'detector_ids', type: 'text', array: true })
  detectorIds!: string[];

  @Column({ type: 'text' })
  cohort!: string;

  @Column({ name: 'policy_version', type: 'integer' })
  policyVersion!: number;

  @Column({ name: 'decided_at', type: 'timestamptz' })
  decidedAt!: Date;
}
