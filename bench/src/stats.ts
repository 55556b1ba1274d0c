export interface RunStats {
  readonly throughput: number;
  readonly p50: number;
  readonly p99: number;
  readonly count: number;
}

export function summarize(latenciesMs: number[], firstSentAt: number, lastReceivedAt: number): RunStats {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { throughput: sorted.length / ((lastReceivedAt - firstSentAt) / 1000), p50: at(0.5), p99: at(0.99), count: sorted.length };
}
