import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One registered in-app E2EE public key of a contact's device. The public key is not secret. */
@Entity({ name: 'device_keys' })
export class DeviceKeyEntity {
  /** Keyed hash of the E.164 number (never the number itself). */
  @PrimaryColumn({ name: 'recipient_hash', type: 'text' })
  recipientHash!: string;

  @PrimaryColumn({ name: 'key_id', type: 'text' })
  keyId!: string;

  /** base64url of the 32-byte X25519 public key. */
  @Column({ name: 'public_key', type: 'text' })
  publicKey!: string;

  @Column({ name: 'algorithm', type: 'text' })
  algorithm!: 'X25519';

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
