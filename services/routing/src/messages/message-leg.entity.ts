import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The latest delivery status of one leg of a message. */
@Entity({ name: 'message_legs' })
export class MessageLegEntity {
  @PrimaryColumn({ name: 'message_id', type: 'text' })
  messageId!: string;

  @PrimaryColumn({ type: 'integer' })
  leg!: number;

  @Column({ type: 'text' })
  channel!: string;

  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;
}
