import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One producer Idempotency-Key. Holds the body's hash, never the text or the number. */
@Entity({ name: 'idempotency_keys' })
export class IdempotencyKeyEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ name: 'body_sha256', type: 'text' })
  bodySha256!: string;

  @Column({ type: 'text' })
  state!: 'in_progress' | 'done';

  /** Chosen before publishing, so a takeover republishes under the same id. */
  @Column({ name: 'message_id', type: 'text', nullable: true })
  messageId!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  response!: unknown;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
