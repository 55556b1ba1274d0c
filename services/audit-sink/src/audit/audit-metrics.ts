import { Inject, Injectable, Optional } from '@nestjs/common';
import { counter, METRICS_REGISTRY, MetricNames } from '@switchback/telemetry';
import { Gauge, Registry } from 'prom-client';

/** What the audit log did: rows appended, redeliveries skipped, checkpoint age, failed self-checks. */
@Injectable()
export class AuditMetrics {
  readonly appended;
  readonly duplicates;
  readonly verifyFailures;
  private lastCheckpointAt: number | undefined;

  constructor(@Optional() @Inject(METRICS_REGISTRY) registry: Registry = new Registry()) {
    this.appended = counter(registry, MetricNames.auditRowsWritten, 'Audit rows appended to the hash chain, by event type', ['event_type']);
    this.duplicates = counter(registry, MetricNames.auditDuplicatesSkipped, 'Audit events skipped because their event key was already chained', ['event_type']);
    this.verifyFailures = counter(registry, MetricNames.auditVerifyFailures, 'Chain checks that failed before a checkpoint was signed');
    const existing = registry.getSingleMetric(MetricNames.auditCheckpointAgeSeconds);
    if (!existing) {
      // eslint-disable-next-line @typescript-eslint/no-this-alias -- the collect callback reads this instance
      const metrics = this;
      new Gauge({
        name: MetricNames.auditCheckpointAgeSeconds,
        help: 'Seconds since the last signed checkpoint (-1 before the first)',
        registers: [registry],
        collect() {
          this.set(metrics.lastCheckpointAt === undefined ? -1 : (Date.now() - metrics.lastCheckpointAt) / 1000);
        },
      });
    }
  }

  checkpointWritten(at: number): void {
    this.lastCheckpointAt = at;
  }
}
