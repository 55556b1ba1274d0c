import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Messages per statement (their legs go with them, ON DELETE CASCADE): bounds lock time and WAL burst. */
export const LIFECYCLE_RETENTION_BATCH = 1_000;

/**
 * Deletes ended lifecycles and their legs once they are old enough. Only ends already
 * announced: an end still owed its MessageTerminal stays until the sweeper announces it. Open
 * messages are never touched (LIFECYCLE_MAX_AGE_S ends them first). SKIP LOCKED: a row busy
 * with a late outcome waits for the next run.
 */
@Injectable()
export class LifecycleRetention {
  constructor(private readonly dataSource: DataSource) {}

  async deleteEndedBefore(cutoff: Date): Promise<number> {
    const [, count] = (await this.dataSource.query(
      `DELETE FROM message_lifecycles WHERE message_id IN (
         SELECT message_id FROM message_lifecycles
          WHERE terminal_published_at IS NOT NULL AND terminal_at < $1
          LIMIT ${LIFECYCLE_RETENTION_BATCH} FOR UPDATE SKIP LOCKED)`,
      [cutoff],
    )) as [unknown[], number];
    return count;
  }
}
