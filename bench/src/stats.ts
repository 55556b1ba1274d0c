export interface RunStats {
  readonly throughput: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly count: number;
}

/** The q-quantile (0..1) of the values, nearest rank; NaN for none. */
export function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

export function summarize(latenciesMs: number[], firstSentAt: number, lastReceivedAt: number): RunStats {
  const at = (q: number) => percentile(latenciesMs, q);
  return { throughput: latenciesMs.length / ((lastReceivedAt - firstSentAt) / 1000), p50: at(0.5), p95: at(0.95), p99: at(0.99), count: latenciesMs.length };
}
