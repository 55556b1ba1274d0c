import { Injectable } from '@nestjs/common';
import { Sensitivity } from '@switchback/contracts';
import { DataSource } from 'typeorm';

/** The routing decision a secure-link request came from, as the message ledger stored it. */
export interface LinkedDecision {
  readonly sensitivity: Sensitivity;
  readonly decidedAtMs: number;
}

/** Which secure-link legs were already dispatched: a redelivered request makes no second link. */
@Injectable()
export class SecureLinkDispatchRepository {
  constructor(private readonly dataSource: DataSource) {}

  async wasDispatched(messageId: string, leg: number): Promise<boolean> {
    const rows = (await this.dataSource.query('SELECT 1 FROM secure_link_dispatches WHERE message_id = $1 AND leg = $2', [messageId, leg])) as unknown[];
    return rows.length > 0;
  }

  /** The message's decision (stored before its legs were published); undefined for a message the ledger does not hold. */
  async decisionOf(messageId: string): Promise<LinkedDecision | undefined> {
    const [row] = (await this.dataSource.query('SELECT sensitivity, decided_at FROM message_views WHERE message_id = $1', [messageId])) as { sensitivity: string; decided_at: Date }[];
    if (!row) return undefined;
    const sensitivity = (Sensitivity as unknown as Record<string, Sensitivity | undefined>)[row.sensitivity.toUpperCase()] ?? Sensitivity.UNSPECIFIED;
    return { sensitivity, decidedAtMs: row.decided_at.getTime() };
  }

  /** The link id is opaque random (no key, no content): safe to keep for support and audit. */
  async record(messageId: string, leg: number, linkId: string, at: Date): Promise<void> {
    await this.dataSource.query(
      'INSERT INTO secure_link_dispatches (message_id, leg, link_id, dispatched_at) VALUES ($1, $2, $3, $4) ON CONFLICT (message_id, leg) DO NOTHING',
      [messageId, leg, linkId, at],
    );
  }
}
