import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, CONFIG } from '@switchback/runtime';
import { DataSource, type QueryRunner } from 'typeorm';
import type { AuditSinkConfig } from '../config/audit-sink.config';
import { EMPTY_HEAD, type ChainHead } from './chain-head';
import { ChainTransaction } from './chain-transaction';

// Postgres: "no partition of relation ... found for row".
const NO_PARTITION = '23514';

/** The key id a recipient hash was made with: KeyedHasher prefixes it ("k1:..."). */
export function hashKeyIdOf(recipientHash: string, fallback: string): string {
  if (recipientHash === '') return '';
  const match = /^([A-Za-z0-9._-]{1,32}):/.exec(recipientHash);
  return match?.[1] ?? fallback;
}

/** Opens chain transactions: one at a time across all writers, via a transaction-scoped advisory lock. */
@Injectable()
export class AuditChainStore {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Pick<AuditSinkConfig, 'IDENTIFIER_HASH_KEY_ID'>,
  ) {}

  async withChain<T>(work: (chain: ChainTransaction) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      const runner = this.dataSource.createQueryRunner();
      await runner.connect();
      try {
        await runner.startTransaction();
        await runner.query(`SELECT pg_advisory_xact_lock(hashtext('switchback.audit.chain:' || current_schema()))`);
        const head = await readHead(runner);
        const chain = new ChainTransaction(runner, head, this.clock, (hash) => hashKeyIdOf(hash, this.config.IDENTIFIER_HASH_KEY_ID));
        const result = await work(chain);
        await runner.commitTransaction();
        return result;
      } catch (error) {
        if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
        if (attempt > 1 || (error as { code?: string }).code !== NO_PARTITION) throw error;
        // The partition manager runs daily; a row landing in a month it has not made yet makes it.
        await this.ensurePartitions(this.clock.now());
      } finally {
        await runner.release();
      }
    }
  }

  /** Partitions of the month of `at`, the next month and the one after. */
  async ensurePartitions(at: number): Promise<string[]> {
    const months = [0, 1, 2].map((offset) => monthStart(at, offset));
    const names: string[] = [];
    for (const month of new Set(months)) {
      const [made] = (await this.dataSource.query('SELECT audit_ensure_partition($1::date) AS name', [month])) as [{ name: string }];
      names.push(made.name);
    }
    return names;
  }
}

async function readHead(runner: QueryRunner): Promise<ChainHead> {
  const rows = (await runner.query('SELECT seq::text AS seq, row_hash, recorded_at FROM audit_events ORDER BY audit_events.seq DESC LIMIT 1')) as { seq: string; row_hash: string; recorded_at: Date }[];
  const row = rows[0];
  return row ? { seq: BigInt(row.seq), rowHash: row.row_hash, recordedAt: row.recorded_at } : EMPTY_HEAD;
}

/** YYYY-MM-01 of the UTC month holding `at`, moved by `offset` months. */
export function monthStart(at: number, offset = 0): string {
  const date = new Date(at);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offset, 1)).toISOString().slice(0, 10);
}
