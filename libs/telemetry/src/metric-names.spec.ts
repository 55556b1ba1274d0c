import { MetricNames, MetricSpecs, type MetricKey } from './metric-names';

describe('MetricNames', () => {
  const entries = Object.entries(MetricNames) as [MetricKey, string][];

  it('names each metric once, in the switchback_ scheme', () => {
    const names = entries.map(([, name]) => name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^switchback_[a-z0-9_]+[a-z0-9]$/);
  });

  it('has a spec per name: counters end in _total, gauges and histograms do not, labels are valid and unique', () => {
    expect(Object.keys(MetricSpecs).sort()).toEqual(entries.map(([key]) => key).sort());
    for (const [key, name] of entries) {
      const { kind, labels } = MetricSpecs[key];
      expect([name, name.endsWith('_total')]).toEqual([name, kind === 'counter']);
      if (kind === 'histogram') expect(name).not.toMatch(/_(bucket|sum|count)$/);
      expect(new Set(labels).size).toBe(labels.length);
      for (const label of labels) expect(label).toMatch(/^[a-z][a-z0-9_]*$/);
      // service is the registry's default label; le is reserved for histogram buckets.
      expect(labels).not.toContain('service');
      expect(labels).not.toContain('le');
    }
  });
});
