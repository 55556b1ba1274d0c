import { MetricNames } from '@switchback/telemetry';
import { emittedLabelValues, labelValueProblems } from './label-values';
import { alertTemplateLabels, legendLabels, outputLabels } from './template-labels';
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
        MetricNames.consumerGroupLagMessages,
        MetricNames.consumerLagMessages,
        MetricNames.consumerLagErrors,
        MetricNames.smppWindowInUse,
        MetricNames.smppThrottleWaitSeconds,
        MetricNames.rcsThrottled,
        MetricNames.auditCheckpointAgeSeconds,
        MetricNames.messageTerminals,
        MetricNames.failovers,
        MetricNames.circuitState,
        MetricNames.circuitTransitions,
        MetricNames.smppSubmitsInDoubt,
      ]),
    );
  });

  it('count delivery success and failure per message (a dual delivery once), never from per-leg outcomes', () => {
    const { dashboard, rules } = readObservabilityFiles();
    const perMessage = [
      ...dashboardExprs(dashboard).filter(({ where }) => /success ratio|ended by status|not delivered/i.test(where)),
      ...(rules.groups ?? []).flatMap((group) => group.rules ?? []).filter((rule) => rule.alert === 'SwitchbackMessagesFailedRatio' || rule.alert === 'SwitchbackFailoverSpike').map((rule) => ({ where: String(rule.alert), expr: String(rule.expr) })),
    ];
    expect(perMessage.length).toBeGreaterThanOrEqual(6);
    for (const { expr } of perMessage) {
      expect(metricNamesIn(expr)).toContain(MetricNames.messageTerminals);
      expect(metricNamesIn(expr)).not.toContain(MetricNames.deliveryOutcomes);
    }
  });

  it('read the consumer lag gauges as max over pods (every pod of a group reports the same lag), never a sum', () => {
    const { dashboard, rules } = readObservabilityFiles();
    const lagGauges = [MetricNames.consumerLagMessages, MetricNames.consumerGroupLagMessages];
    const exprs = [...dashboardExprs(dashboard), ...(rules.groups ?? []).flatMap((group) => (group.rules ?? []).map((rule) => ({ where: String(rule.alert), expr: String(rule.expr) })))];
    const reads = exprs.flatMap(({ where, expr }) =>
      lagGauges.flatMap((gauge) => {
        const all = [...expr.matchAll(new RegExp(`\\b${gauge}\\b`, 'g'))].length;
        // max by (..group..) (gauge...) or max by (..group..) (fn(gauge[...]))
        const overPods = [...expr.matchAll(new RegExp(`\\bmax\\s+by\\s*\\(([^)]*)\\)\\s*\\(\\s*(?:[a-z_]+\\s*\\(\\s*)?${gauge}\\b`, 'g'))].filter((match) => /\bgroup\b/.test(match[1] ?? '')).length;
        return all ? [{ where, gauge, all, overPods }] : [];
      }),
    );
    expect(reads.length).toBeGreaterThanOrEqual(3);
    for (const read of reads) expect(read).toEqual({ ...read, overPods: read.all });
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
    ['an alert template naming a label the aggregation drops', (f) => (alert(f, 'SwitchbackSmscWindowFull').expr = 'max by (service) (min_over_time(switchback_smpp_window_in_use[5m])) >= 10'), /^alert SwitchbackSmscWindowFull: annotations.summary uses bind, which the expression does not keep \(by \(service\)\)/],
    ['a legend naming a label the aggregation drops', (f) => (firstTarget(f).expr = 'sum(increase(switchback_routing_decisions_total[$__range]))'), /legend uses action, which the expression does not keep \(by \(\)\)/],
    ['a label the group lag does not have', (f) => (alert(f, 'SwitchbackConsumerLagGrowing').expr = 'max by (topic) (switchback_consumer_group_lag_messages) > 1000'), /switchback_consumer_group_lag_messages has no label topic \(by\)/],
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

describe('outputLabels (what a legend or an alert template can name)', () => {
  it.each([
    ['sum by (service, topic) (rate(switchback_bus_retries_total[5m])) > 0', ['service', 'topic']],
    ['sum(rate(switchback_bus_retries_total[5m])) by (topic)', ['topic']],
    ['(sum(rate(switchback_failovers_total[10m])) / sum(rate(switchback_message_terminal_total[10m]))) > 0.1', []],
    ['histogram_quantile(0.99, sum by (le, service) (rate(switchback_bus_handler_duration_seconds_bucket[5m])))', ['service']],
    ['topk(10, sum by (tenant, status) (increase(switchback_message_terminal_total[1h])))', ['tenant', 'status']],
    ['min by (channel) (max by (channel, path) (min_over_time(switchback_circuit_state[5m]))) >= 1', ['channel']],
    ['max by (service) (switchback_audit_checkpoint_age_seconds) > 900 and on (service) sum by (service) (increase(switchback_audit_rows_written_total[15m])) > 0', ['service']],
  ])('%s keeps %j', (expr, labels) => expect(outputLabels(expr)).toEqual(labels));

  it.each(['switchback_smpp_binds_up == 0', 'sum without (instance) (switchback_smpp_binds_up)', 'label_replace(sum by (path) (switchback_circuit_state), "p", "$1", "path", "(.*)")'])('cannot tell for %s, so judges nothing', (expr) => {
    expect(outputLabels(expr)).toBeUndefined();
  });

  it('reads $labels in alert templates and {{label}} in legends, not other template calls', () => {
    expect(alertTemplateLabels('{{ $labels.path }} ({{ $labels.channel }}): {{ $value | humanize }}')).toEqual(['path', 'channel']);
    expect(legendLabels('{{from_channel}} → {{ to_channel }} ({{$value}})')).toEqual(['from_channel', 'to_channel']);
  });
});

describe('label values in selectors', () => {
  const allExprs = (files: ObservabilityFiles): { where: string; expr: string }[] => [...dashboardExprs(files.dashboard), ...(files.rules.groups ?? []).flatMap((group) => (group.rules ?? []).map((rule) => ({ where: `alert ${rule.alert}`, expr: String(rule.expr) })))];

  it('match only values the code writes for enum labels (routing lower case, circuit channels upper case)', async () => {
    const emitted = await emittedLabelValues();
    expect([...emitted.get(MetricNames.messageTerminals)!.get('status')!]).toEqual(expect.arrayContaining(['delivered', 'read', 'failed', 'expired']));
    expect([...emitted.get(MetricNames.circuitState)!.get('channel')!]).toEqual(expect.arrayContaining(['RCS', 'SMS']));
    expect([...emitted.get(MetricNames.failovers)!.get('to_channel')!]).toContain('unspecified');
    expect(allExprs(readObservabilityFiles()).flatMap(({ where, expr }) => labelValueProblems(expr, where, emitted))).toEqual([]);
  });

  it.each([
    ['sum(rate(switchback_message_terminal_total{status="FAILED"}[5m]))', /switchback_message_terminal_total never has status="FAILED" \(the code writes .*failed/],
    ['max by (path) (switchback_circuit_state{channel="sms"})', /switchback_circuit_state never has channel="sms" \(the code writes .*SMS/],
    ['sum(rate(switchback_message_terminal_total{status=~"delivered|deliverd"}[5m]))', /never has status="deliverd"/],
    ['sum(rate(switchback_routing_decisions_total{action!="sent_e2e"}[5m]))', /never has action="sent_e2e"/],
  ])('reports %s', async (expr, expected) => {
    expect(labelValueProblems(expr, 'q', await emittedLabelValues())).toEqual([expect.stringMatching(expected)]);
  });

  it('leaves free labels and real regexes alone', async () => {
    const emitted = await emittedLabelValues();
    expect(labelValueProblems('sum(rate(switchback_message_terminal_total{tenant="acme", status=~"deliv.*"}[5m]))', 'q', emitted)).toEqual([]);
    expect(labelValueProblems('max(switchback_circuit_state{path="hub"})', 'q', emitted)).toEqual([]);
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
