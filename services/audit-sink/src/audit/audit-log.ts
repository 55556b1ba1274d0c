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

/** Postgres' timestamptz starts in 4713 BC; a JavaScript Date reaches further back. */
const EARLIEST_TIMESTAMP_MS = -62_135_596_800_000; // year 1: well inside it

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
    // One bad entry must not fail the batch it would share with others: check it first. The
    // reason (a dead letter's header) names the event type only: the key and a serialiser's
    // message are made of the event's own text.
    const time = entry.occurredAt.getTime();
    if (Number.isNaN(time) || time < EARLIEST_TIMESTAMP_MS) throw new AuditEntryException(`${entry.eventType}: occurredAt is not a date`);
    let detail: string;
    try {
      detail = canonicalJson(normaliseDetail(entry.detail));
    } catch (error) {
      throw new AuditEntryException(`${entry.eventType}: detail is not JSON (${error instanceof Error ? error.name : 'error'})`);
    }
    // Neither text nor jsonb columns hold a NUL character (JSON writes it as an escape).
    const texts = [entry.eventKey, entry.messageId, entry.tenantId, entry.recipientHash, entry.channel, entry.outcome, entry.fallbackReason ?? ''];
    if (texts.some((text) => text.includes('\u0000')) || detail.includes('\\u0000')) throw new AuditEntryException(`${entry.eventType}: text holds a NUL character`);
    const result = await this.batcher.add(entry);
    (result === 'appended' ? this.metrics.appended : this.metrics.duplicates).inc({ event_type: entry.eventType });
    return result;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.batcher.drain();
  }
}
