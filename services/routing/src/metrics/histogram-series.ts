import type { Registry } from 'prom-client';

export interface HistogramSeries {
  readonly labels: Record<string, string | number>;
  readonly count: number;
  readonly sum: number;
}

/** A histogram's series as count and sum per label set (for tests and support scripts); [] if it was never registered. */
export async function histogramSeries(registry: Registry, name: string): Promise<HistogramSeries[]> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return [];
  const values = (await metric.get()).values as { labels: Record<string, string | number>; value: number; metricName?: string }[];
  const series = new Map<string, { labels: Record<string, string | number>; count: number; sum: number }>();
  for (const value of values) {
    const { le: _le, ...labels } = value.labels;
    const key = JSON.stringify(Object.entries(labels).sort());
    const entry = series.get(key) ?? { labels, count: 0, sum: 0 };
    if (value.metricName === `${name}_count`) entry.count = value.value;
    else if (value.metricName === `${name}_sum`) entry.sum = value.value;
    series.set(key, entry);
  }
  return [...series.values()];
}
