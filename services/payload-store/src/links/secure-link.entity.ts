import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { KeyMode } from './key-mode';

/** One secure link: ciphertext plus the metadata needed to serve it a bounded number of times. */
@Entity({ name: 'secure_links' })
export class SecureLinkEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'message_id', type: 'text', nullable: true })
  messageId!: string | null;

  /** The sender's ciphertext, wrapped again at rest under the pepper when pepperKeyId is set. */
  @Column({ type: 'bytea' })
  ciphertext!: Buffer;

  @Column({ type: 'text' })
  algorithm!: string;

  @Column({ name: 'key_mode', type: 'text' })
  keyMode!: KeyMode;

  /**
   * HMAC(pepper, id ‖ SHA-256(claim secret)): the store can check a claim but cannot make one,
   * and a dump cannot test guesses offline. Legacy rows (no pepper key id): SHA-256 alone.
   */
  @Column({ name: 'access_verifier', type: 'bytea' })
  accessVerifier!: Buffer;

  /** The pepper (LINK_PEPPERS id) keying the verifier and wrapping the ciphertext; null: neither. */
  @Column({ name: 'pepper_key_id', type: 'text', nullable: true })
  pepperKeyId!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'max_views', type: 'integer' })
  maxViews!: number;

  @Column({ type: 'integer' })
  views!: number;

  @Column({ name: 'failed_claims', type: 'integer' })
  failedClaims!: number;

  @Column({ name: 'escrow_envelope', type: 'bytea', nullable: true })
  escrowEnvelope!: Buffer | null;

  @Column({ name: 'escrow_key_id', type: 'text', nullable: true })
  escrowKeyId!: string | null;
}
