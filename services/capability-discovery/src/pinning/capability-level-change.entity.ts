import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CapabilityLevelName } from '../capability/resolved-capability';

/** History: one row each time a contact's observed level changes (first sighting included). */
@Entity({ name: 'capability_level_changes' })
export class CapabilityLevelChangeEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'recipient_hash', type: 'text' })
  recipientHash!: string;

  /** Null on a first sighting. */
  @Column({ name: 'previous_level', type: 'text', nullable: true })
  previousLevel!: CapabilityLevelName | null;

  @Column({ type: 'text' })
  level!: CapabilityLevelName;

  @Column({ name: 'pinned_level', type: 'text' })
  pinnedLevel!: CapabilityLevelName;

  @Column({ name: 'downgrade_suspected', type: 'boolean' })
  downgradeSuspected!: boolean;

  @Column({ type: 'text' })
  carrier!: string;

  @Column({ type: 'text' })
  region!: string;

  @Column({ name: 'observed_at', type: 'timestamptz' })
  observedAt!: Date;
}
