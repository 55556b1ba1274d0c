import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CapabilityLevelName } from '../capability/resolved-capability';

/** One row per contact, keyed by the keyed hash of the number (never the number itself). */
@Entity({ name: 'capability_pins' })
export class CapabilityPinEntity {
  @PrimaryColumn({ name: 'recipient_hash', type: 'text' })
  recipientHash!: string;

  /** The strongest level seen within the pin window. */
  @Column({ name: 'pinned_level', type: 'text' })
  pinnedLevel!: CapabilityLevelName;

  /** When the pinned level was last seen. */
  @Column({ name: 'pinned_at', type: 'timestamptz' })
  pinnedAt!: Date;

  @Column({ name: 'last_level', type: 'text' })
  lastLevel!: CapabilityLevelName;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt!: Date;
}
