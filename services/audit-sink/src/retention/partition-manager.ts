import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { CLOCK, type Clock, CONFIG, PeriodicTask } from '@switchback/runtime';
import { DataSource } from 'typeorm';
import { AuditChainStore, monthStart } from '../chain/audit-chain.store';
import type { AuditSinkConfig } from '../config/audit-sink.config';

export interface DroppedPartition {
  readonly partition: string;
  readonly month: string;
  readonly rows: number;
}

interface DropStats {
  partition_name: string;
  first_seq: string | null;
  last_seq: string | null;
  row_count: string;
  first_prev_hash: string | null;
  last_row_hash: string | null;
}

/**
 * Keeps monthly partitions made ahead (this month and the next two, at boot and daily) and
 * drops those past AUDIT_RETENTION_MONTHS unless under a legal hold. Each drop is an audit row
 * of its own, chained in the same transaction, saying which seq range left and the hashes at
 * both ends: the verifier bridges the gap with it.
 */
@Injectable()
export class PartitionManager implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PartitionManager.name);
  private readonly task: PeriodicTask;

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: AuditChainStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Pick<AuditSinkConfig, 'AUDIT_RETENTION_MONTHS' | 'AUDIT_PARTITION_CHECK_INTERVAL_MS'>,
  ) {
    this.task = new PeriodicTask('audit partition maintenance', config.AUDIT_PARTITION_CHECK_INTERVAL_MS, () => this.maintain());
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.store.ensurePartitions(this.clock.now());
    this.task.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.task.stop();
  }

  async maintain(): Promise<DroppedPartition[]> {
    await this.store.ensurePartitions(this.clock.now());
    return this.config.AUDIT_RETENTION_MONTHS > 0 ? this.applyRetention(this.config.AUDIT_RETENTION_MONTHS) : [];
  }

  /** Months (YYYY-MM-01) that have a partition, oldest first. */
  async partitionMonths(): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'audit_events'::regclass ORDER BY c.relname`,
    )) as { name: string }[];
    return rows.map((row) => /^audit_events_p(\d{4})(\d{2})$/.exec(row.name)).flatMap((m) => (m ? [`${m[1]}-${m[2]}-01`] : []));
  }

  /** Drops every partition wholly older than `months` before this month, except held ones. */
  async applyRetention(months: number): Promise<DroppedPartition[]> {
    const cutoff = monthStart(this.clock.now(), -months);
    const held = new Set(((await this.dataSource.query(`SELECT to_char(partition_month, 'YYYY-MM-DD') AS month FROM audit_legal_holds`)) as { month: string }[]).map((row) => row.month));
    const dropped: DroppedPartition[] = [];
    for (const month of await this.partitionMonths()) {
      // A partition covers [month, next month): it may go once the next month is at or before the cutoff.
      if (monthStart(Date.parse(month), 1) > cutoff || held.has(month)) continue;
      dropped.push(await this.drop(month, months));
    }
    return dropped;
  }

  private async drop(month: string, retentionMonths: number): Promise<DroppedPartition> {
    return this.store.withChain(async (chain) => {
      const [stats] = (await chain.runner.query('SELECT partition_name, first_seq::text AS first_seq, last_seq::text AS last_seq, row_count::text AS row_count, first_prev_hash, last_row_hash FROM audit_drop_partition($1::date)', [month])) as [DropStats];
      await chain.append([
        {
          eventKey: `retention:${stats.partition_name}`,
          eventType: 'audit_partition_dropped',
          messageId: '',
          tenantId: '',
          recipientHash: '',
          channel: '',
          outcome: 'dropped',
          fallbackReason: null,
          detail: { partition: stats.partition_name, month, retentionMonths, rows: stats.row_count, firstSeq: stats.first_seq, lastSeq: stats.last_seq, firstPrevHash: stats.first_prev_hash, lastRowHash: stats.last_row_hash },
          occurredAt: new Date(this.clock.now()),
        },
      ]);
      this.logger.log(`dropped audit partition ${stats.partition_name} (${stats.row_count} rows)`);
      return { partition: stats.partition_name, month, rows: Number(stats.row_count) };
    });
  }
}
