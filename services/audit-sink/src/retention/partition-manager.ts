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
  row_count: string;
}

// Postgres: insufficient_privilege (a role that is not the schema owner).
const NOT_ALLOWED = '42501';

/**
 * Keeps monthly partitions made ahead (this month and the next two, at boot and daily) and
 * drops those past the retention period unless under a legal hold, oldest first. The database
 * holds the period (audit_retention, written by the schema owner) and does each drop with its
 * record (an audit row naming the seq range that left and the hashes at both ends) in one
 * function: this service's role can neither choose what goes nor write such a record itself.
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
    if (this.config.AUDIT_RETENTION_MONTHS > 0) await this.configureRetention(this.config.AUDIT_RETENTION_MONTHS);
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

  /** The retention period the database enforces, undefined if the owner has not set one (or this role may not read it). */
  async databaseRetention(): Promise<number | undefined> {
    try {
      const rows = (await this.dataSource.query('SELECT months FROM audit_retention')) as { months: number }[];
      return rows[0]?.months;
    } catch (error) {
      if ((error as { code?: string }).code !== NOT_ALLOWED) throw error;
      this.logger.warn('cannot read audit_retention: grant SELECT on it to this role');
      return undefined;
    }
  }

  /**
   * Drops, oldest first, every partition wholly older than the retention period before this
   * month, except held ones. The period is the longer of `months` and the database's.
   */
  async applyRetention(months: number): Promise<DroppedPartition[]> {
    const enforced = await this.databaseRetention();
    if (enforced === undefined) {
      this.logger.warn('audit retention skipped: the schema owner has not set it (SELECT audit_set_retention(months))');
      return [];
    }
    const cutoff = monthStart(this.clock.now(), -Math.max(months, enforced));
    const held = new Set(((await this.dataSource.query(`SELECT to_char(partition_month, 'YYYY-MM-DD') AS month FROM audit_legal_holds`)) as { month: string }[]).map((row) => row.month));
    const dropped: DroppedPartition[] = [];
    for (const month of await this.partitionMonths()) {
      // A partition covers [month, next month): it may go once the next month is at or before the cutoff.
      if (monthStart(Date.parse(month), 1) > cutoff) break;
      if (!held.has(month)) dropped.push(await this.drop(month));
    }
    return dropped;
  }

  /** The schema owner may set the database's period from AUDIT_RETENTION_MONTHS; another role leaves it to the owner. */
  private async configureRetention(months: number): Promise<void> {
    try {
      await this.dataSource.query('SELECT audit_set_retention($1)', [months]);
    } catch (error) {
      if ((error as { code?: string }).code !== NOT_ALLOWED) throw error;
      const enforced = await this.databaseRetention();
      if (enforced !== months) this.logger.warn(`AUDIT_RETENTION_MONTHS is ${months} but the database enforces ${enforced ?? 'no retention'}: the schema owner sets it (audit_set_retention)`);
    }
  }

  private async drop(month: string): Promise<DroppedPartition> {
    const [stats] = (await this.dataSource.query('SELECT partition_name, row_count::text AS row_count FROM audit_drop_partition($1::date)', [month])) as [DropStats];
    this.logger.log(`dropped audit partition ${stats.partition_name} (${stats.row_count} rows)`);
    return { partition: stats.partition_name, month, rows: Number(stats.row_count) };
  }
}
