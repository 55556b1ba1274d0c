import { Column, Entity, PrimaryColumn } from 'typeorm';

export type HoldStatus = 'held' | 'released' | 'expired';

/**
 * A blocked send, held for an override. Recipient and content are AES-256-GCM sealed values
 * (see HoldCipher) and become NULL once released or expired; the rest is metadata only.
 */
@Entity({ name: 'held_messages' })
export class HeldMessageEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @PrimaryColumn({ name: 'message_id', type: 'text' })
  messageId!: string;

  @Column({ name: 'key_id', type: 'text' })
  keyId!: string;

  @Column({ name: 'recipient_ciphertext', type: 'bytea', nullable: true })
  recipientCiphertext!: Buffer | null;

  @Column({ name: 'content_ciphertext', type: 'bytea', nullable: true })
  contentCiphertext!: Buffer | null;

  @Column({ name: 'recipient_hash', type: 'text' })
  recipientHash!: string;

  @Column({ name: 'content_fingerprint', type: 'text' })
  contentFingerprint!: string;

  @Column({ name: 'traffic_type', type: 'smallint' })
  trafficType!: number;

  @Column({ type: 'text', array: true })
  labels!: string[];

  @Column({ name: 'requested_at_ms', type: 'bigint' })
  requestedAtMs!: string;

  /** The capability snapshot as protobuf bytes (no identifier in it). */
  @Column({ type: 'bytea', nullable: true })
  capability!: Buffer | null;

  @Column({ type: 'smallint' })
  sensitivity!: number;

  @Column({ name: 'detector_ids', type: 'text', array: true })
  detectorIds!: string[];

  @Column({ name: 'fallback_reason', type: 'smallint' })
  fallbackReason!: number;

  @Column({ name: 'policy_version', type: 'integer' })
  policyVersion!: number;

  @Column({ name: 'held_at', type: 'timestamptz' })
  heldAt!: Date;

  @Column({ name: 'hold_expires_at', type: 'timestamptz' })
  holdExpiresAt!: Date;

  @Column({ type: 'text' })
  status!: HoldStatus;

  @Column({ type: 'text', nullable: true })
  actor!: string | null;

  @Column({ name: 'override_reason', type: 'text', nullable: true })
  overrideReason!: string | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  /** The trace the send was blocked in (W3C ids only): its override or expiry continues it. */
  @Column({ type: 'text', nullable: true })
  traceparent!: string | null;

  @Column({ type: 'text', nullable: true })
  tracestate!: string | null;
}
