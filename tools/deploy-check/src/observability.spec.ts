import { MetricNames } from '@switchback/telemetry';
import { dashboardExprs, metricNamesIn, observabilityProblems, promqlProblems, readObservabilityFiles, registeredMetrics, specProblems, type ObservabilityFiles } from './observability-checks';

type Mutation = (files: ObservabilityFiles) => void;

const declared = new Set<string>(Object.values(MetricNames));

describe('Grafana dashboard and Prometheus alert rules', () => {
  it('query only declared metrics, with their labels and kinds; every alert is complete; compose loads both', () => {
    expect(observabilityProblems(readObservabilityFiles())).toEqual([]);
  });

  it('cover the fallback, secure-link, bus, gateway and audit metrics', () => {
    const { dashboard, rules } = readObservabilityFiles();
    const used = new Set([...dashboardExprs(dashboard), ...(rules.groups ?? []).flatMap((group) => (group.rules ?? []).map((rule) => ({ expr: String(rule.expr) })))].flatMap(({ expr }) => metricNamesIn(expr)));
    for (const name of used) expect(declared).toContain(name);
    expect([...used]).toEqual(
      expect.arrayContaining([
        MetricNames.routingDecisions,
        MetricNames.secureLinksCreated,
        MetricNames.secureLinksClaimed,
        MetricNames.secureLinksExpired,
        MetricNames.secureLinksBurned,
        MetricNames.capabilityDowngrades,
        MetricNames.capabilityCacheErrors,
        MetricNames.busRetries,
        MetricNames.busDeadLetters,
        MetricNames.busHandlerSeconds,
        MetricNames.smppWindowInUse,
        MetricNames.smppThrottleWaitSeconds,
        MetricNames.rcsThrottled,
        MetricNames.auditCheckpointAgeSeconds,
      ]),
    );
  });

  // The checks must be able to fail: each of these broken copies has to be reported.
  const firstTarget = (f: ObservabilityFiles) => f.dashboard.panels!.find((panel) => panel.targets?.length)!.targets![0]!;
  const alert = (f: ObservabilityFiles, name: string) => f.rules.groups!.flatMap((group) => group.rules ?? []).find((rule) => rule.alert === name)!;
  const broken: [string, Mutation, RegExp][] = [
    ['a dashboard metric that does not exist', (f) => (firstTarget(f).expr = 'sum(rate(switchback_routing_decisionz_total[5m]))'), /switchback_routing_decisionz_total is not a metric declared in MetricNames/],
    ['an alert metric that does not exist', (f) => (alert(f, 'SwitchbackDeadLettersIncreasing').expr = 'sum(increase(switchback_bus_dead_letter_total[10m])) > 0'), /^alert SwitchbackDeadLettersIncreasing: switchback_bus_dead_letter_total is not a metric/],
    ['a label the metric does not have (selector)', (f) => (firstTarget(f).expr = 'sum(rate(switchback_secure_links_burned_total{tenant="acme"}[5m]))'), /switchback_secure_links_burned_total has no label tenant \(selector\)/],
    ['a label the metric does not have (by)', (f) => (alert(f, 'SwitchbackRcsThrottled').expr = 'sum by (region) (rate(switchback_rcs_throttled_total[5m])) > 0'), /switchback_rcs_throttled_total has no label region \(by\)/],
    ['a histogram without _bucket', (f) => (firstTarget(f).expr = 'histogram_quantile(0.99, sum by (le) (rate(switchback_bus_handler_duration_seconds[5m])))'), /switchback_bus_handler_duration_seconds is a histogram/],
    ['histogram_quantile over a counter', (f) => (firstTarget(f).expr = 'histogram_quantile(0.99, sum by (le) (rate(switchback_bus_retries_total[5m])))'), /histogram_quantile needs a histogram's _bucket series/],
    ['rate() of a gauge', (f) => (firstTarget(f).expr = 'rate(switchback_smpp_window_in_use[5m])'), /rate\(\) of gauge switchback_smpp_window_in_use/],
    ['a raw counter', (f) => (firstTarget(f).expr = 'sum(switchback_bus_dead_letters_total)'), /counter switchback_bus_dead_letters_total used outside rate/],
    ['an alert without for', (f) => delete alert(f, 'SwitchbackSmscNoBinds').for, /^alert SwitchbackSmscNoBinds: needs a 'for' duration/],
    ['an alert without severity', (f) => delete alert(f, 'SwitchbackSmscNoBinds').labels!['severity'], /^alert SwitchbackSmscNoBinds: labels.severity/],
    ['an alert without summary', (f) => delete alert(f, 'SwitchbackSmscNoBinds').annotations!['summary'], /^alert SwitchbackSmscNoBinds: needs annotations.summary/],
    ['an unknown datasource', (f) => (f.dashboard.panels!.find((panel) => panel.targets?.length)!.datasource = { type: 'prometheus', uid: 'prom' }), /datasource prom is not a provisioned Prometheus datasource/],
    ['rules Prometheus does not load', (f) => (f.prometheus.rule_files = []), /^prometheus: rule_files does not load/],
    ['dashboards compose does not mount', (f) => (f.compose.services['grafana']!.volumes = ['./deploy/grafana/provisioning:/etc/grafana/provisioning:ro']), /^grafana: docker-compose.yml does not mount deploy\/grafana\/dashboards/],
  ];

  it.each(broken)('reports %s', (_label, mutate, expected) => {
    const files = structuredClone(readObservabilityFiles());
    mutate(files);
    expect(observabilityProblems(files)).toContainEqual(expect.stringMatching(expected));
  });

  it('reads label values in quotes as values, not metrics, and keeps le for histogram_quantile', () => {
    expect(promqlProblems('sum by (topic) (rate(switchback_bus_retries_total{topic="switchback_nope_total"}[5m]))', 'q')).toEqual([]);
    expect(promqlProblems('histogram_quantile(0.99, sum by (topic) (rate(switchback_bus_handler_duration_seconds_bucket[5m])))', 'q')).toEqual(['q: histogram_quantile aggregates away le (by (topic))']);
    expect(promqlProblems('sum(rate(switchback_bus_handler_duration_seconds_sum[5m])) / sum(rate(switchback_bus_handler_duration_seconds_count[5m]))', 'q')).toEqual([]);
  });
});

describe('MetricSpecs', () => {
  it('matches the kind and label names each metric is registered with', async () => {
    expect(specProblems(await registeredMetrics())).toEqual([]);
  });

  it('reports a label list that differs from the registry', async () => {
    const registered = await registeredMetrics();
    registered.set(MetricNames.busRetries, { kind: 'counter', labels: ['group', 'topic'] });
    registered.set('switchback_unknown_total', { kind: 'counter', labels: [] });
    expect(specProblems(registered)).toEqual([
      'switchback_bus_retries_total: MetricSpecs labels [group, topic, code], registered with [group, topic]',
      'switchback_unknown_total: registered but not in MetricNames',
    ]);
  });
});
