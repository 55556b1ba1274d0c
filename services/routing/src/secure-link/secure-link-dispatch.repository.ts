import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Which secure-link legs were already dispatched: a redelivered request makes no second link. */
@Injectable()
export class SecureLinkDispatchRepository {
  constructor(private readonly dataSource: DataSource) {}

  async wasDispatched(messageId: string, leg: number): Promise<boolean> {
    const rows = (await this.dataSource.query('SELECT 1 FROM secure_link_dispatches WHERE message_id = $1 AND leg = $2', [messageId, leg])) as unknown[];
    return rows.length > 0;
  }

  /** The link id is opaque random (no key, no content): safe to keep for support and audit. */
  async record(messageId: string, leg: number, linkId: string, at: Date): Promise<void> {
    await this.dataSource.query(
      'INSERT INTO secure_link_dispatches (message_id, leg, link_id, dispatched_at) VALUES ($1, $2, $3, $4) ON CONFLICT (message_id, leg) DO NOTHING',
      [messageId, leg, linkId, at],
    );
  }
}
