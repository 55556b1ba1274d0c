import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { canonicalJson } from '@switchback/audit-format';
import { Batcher } from '@switchback/batching';
import { PermanentException } from '@switchback/errors';
import { CONFIG } from '@switchback/runtime';
import type { AuditSinkConfig } from '../config/audit-sink.config';
import type { AppendResult, AuditEntry } from '../chain/audit-entry';
import { AuditChainStore } from '../chain/audit-chain.store';
import { normaliseDetail } from '../chain/chain-transaction';
import { AuditMetrics } from './audit-metrics';

export class AuditEntryException extends PermanentException {
  constructor(message: string) {
    super('audit_entry_invalid', message);
  }
}

/**
 * Appends audit rows to the hash chain, batched into one transaction per few ms. A row whose
 * event key is already chained is skipped (a redelivered event): the chain stays unchanged.
 */
@Injectable()
export class AuditLog implements BeforeApplicationShutdown {
  private readonly batcher: Batcher<AuditEntry, AppendResult>;

  constructor(
    store: AuditChainStore,
    private readonly metrics: AuditMetrics,
    @Inject(CONFIG) config: Pick<AuditSinkConfig, 'AUDIT_BATCH_MAX' | 'AUDIT_BATCH_DELAY_MS'>,
  ) {
    this.batcher = new Batcher((entries) => store.withChain((chain) => chain.append(entries)), { maxItems: config.AUDIT_BATCH_MAX, maxDelayMs: config.AUDIT_BATCH_DELAY_MS });
  }

  async append(entry: AuditEntry): Promise<AppendResult> {
    // One bad entry must not fail the batch it would share with others: check it first.
    if (Number.isNaN(entry.occurredAt.getTime())) throw new AuditEntryException(`${entry.eventKey}: occurredAt is not a date`);
    try {
      canonicalJson(normaliseDetail(entry.detail));
    } catch (error) {
      throw new AuditEntryException(`${entry.eventKey}: detail is not JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    const result = await this.batcher.add(entry);
    (result === 'appended' ? this.metrics.appended : this.metrics.duplicates).inc({ event_type: entry.eventType });
    return result;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.batcher.drain();
  }
}
