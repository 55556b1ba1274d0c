import { MetricNames, MetricSpecs, type MetricKey, type MetricSpec } from '@switchback/telemetry';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Registry, type Metric } from 'prom-client';
import { parse } from 'yaml';
import type { ComposeFile } from './compose-checks';
import { blankStrings, closing, labelsOf, opening } from './promql-text';
import { alertTemplateLabels, legendLabels, templateLabelProblems } from './template-labels';

/**
 * Checks the Grafana dashboard and the Prometheus alert rules against @switchback/telemetry:
 * every `switchback_*` series they query is a declared metric (histograms only through
 * _bucket/_sum/_count, counters only inside rate/increase), every label they select or group by
 * is one of that metric's labels, every label a legend or alert template names survives the
 * expression's aggregation, and every alert is complete. Also checks that MetricSpecs
 * matches what the services register, and that compose mounts the files where the configs say.
 * Each check returns readable problems, so a test can prove that a broken file is caught.
 */
const root = path.resolve(__dirname, '../../..');

export const DASHBOARD_FILE = 'deploy/grafana/dashboards/switchback-fallback.json';
export const DASHBOARD_PROVIDER_FILE = 'deploy/grafana/provisioning/dashboards/dashboards.yml';
export const ALERTS_FILE = 'deploy/prometheus/alerts.yml';
/** The SLO rules rendered from the Helm chart's defaults (deploy/helm/switchback/files/slo-rules.yaml). */
export const SLO_RULES_FILE = 'deploy/prometheus/slo-rules.yml';

/** Labels every scraped series has besides its own: the registry default and the scrape target's. */
const COMMON_LABELS = ['service', 'job', 'instance'];
const HISTOGRAM_SUFFIXES = ['_bucket', '_sum', '_count'] as const;
const SEVERITIES = ['critical', 'warning', 'info'];
/** Declared for routing, which registers neither yet (see MetricSpecs). */
export const NOT_YET_REGISTERED: readonly MetricKey[] = [];

const specByName = new Map<string, MetricSpec>(Object.entries(MetricNames).map(([key, name]) => [name, MetricSpecs[key as MetricKey]]));

export interface GrafanaPanel {
  id?: number;
  type?: string;
  title?: string;
  datasource?: { type?: string; uid?: string } | string | null;
  targets?: { refId?: string; expr?: string; legendFormat?: string; datasource?: { type?: string; uid?: string } | string | null }[];
  panels?: GrafanaPanel[];
}
export interface GrafanaDashboard {
  uid?: string;
  title?: string;
  panels?: GrafanaPanel[];
}
export interface AlertRule {
  alert?: string;
  record?: string;
  expr?: unknown;
  for?: unknown;
  labels?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}
export interface RulesFile {
  groups?: { name?: string; rules?: AlertRule[] }[];
}
export interface ObservabilityFiles {
  readonly dashboard: GrafanaDashboard;
  readonly rules: RulesFile;
  readonly provider: { providers?: { name?: string; type?: string; options?: { path?: string } }[] };
  readonly datasources: { datasources?: { name: string; uid?: string; type?: string }[] };
  readonly prometheus: { rule_files?: string[] };
  readonly compose: ComposeFile & { services: Record<string, { volumes?: string[] }> };
}

function readText(file: string): string {
  return readFileSync(path.join(root, file), 'utf8');
}

export function readObservabilityFiles(): ObservabilityFiles {
  const yaml = <T>(file: string): T => parse(readText(file), { merge: true }) as T;
  return {
    dashboard: JSON.parse(readText(DASHBOARD_FILE)) as GrafanaDashboard,
    // Both rule files Prometheus loads, checked as one: the alerts and the SLO rules.
    rules: { groups: [...(yaml<RulesFile>(ALERTS_FILE).groups ?? []), ...(yaml<RulesFile>(SLO_RULES_FILE).groups ?? [])] },
    provider: yaml(DASHBOARD_PROVIDER_FILE),
    datasources: yaml('deploy/grafana/provisioning/datasources/datasources.yml'),
    prometheus: yaml('deploy/prometheus/prometheus.yml'),
    compose: yaml('docker-compose.yml'),
  };
}

// ---------------------------------------------------------------------------------------------
// PromQL: a small scanner, enough for the expressions we write (not a full parser).

interface MetricRef {
  readonly series: string;
  readonly base: string;
  readonly spec: MetricSpec;
  readonly suffix: '' | (typeof HISTOGRAM_SUFFIXES)[number];
  readonly start: number;
}

function allowedLabels(ref: MetricRef): string[] {
  return [...ref.spec.labels, ...COMMON_LABELS, ...(ref.suffix === '_bucket' ? ['le'] : [])];
}

/** Resolves a `switchback_*` series name to its declared metric, if it is one. */
function resolve(series: string): Omit<MetricRef, 'start'> | undefined {
  const exact = specByName.get(series);
  if (exact) return { series, base: series, spec: exact, suffix: '' };
  for (const suffix of HISTOGRAM_SUFFIXES) {
    if (!series.endsWith(suffix)) continue;
    const base = series.slice(0, -suffix.length);
    const spec = specByName.get(base);
    if (spec?.kind === 'histogram') return { series, base, spec, suffix };
  }
  return undefined;
}

/** Every `switchback_*` metric name an expression mentions (for listing what a file uses). */
export function metricNamesIn(expr: string): string[] {
  return [...blankStrings(expr).matchAll(/\bswitchback_[a-z0-9_]+/g)].map(([series]) => resolve(series)?.base ?? series);
}

/** Problems of one PromQL expression; `where` names it in the messages. */
export function promqlProblems(expr: string, where: string): string[] {
  const text = blankStrings(expr);
  const problems: string[] = [];
  const refs: MetricRef[] = [];

  for (const match of text.matchAll(/\bswitchback_[a-z0-9_]+/g)) {
    const series = match[0];
    const ref = resolve(series);
    if (!ref) {
      problems.push(`${where}: ${series} is not a metric declared in MetricNames`);
      continue;
    }
    if (ref.spec.kind === 'histogram' && ref.suffix === '') problems.push(`${where}: ${series} is a histogram; query ${series}_bucket, _sum or _count`);
    const full = { ...ref, start: match.index };
    refs.push(full);
    const after = match.index + series.length;
    const brace = /^\s*\{/.exec(text.slice(after));
    if (brace) {
      const open = after + brace[0].length - 1;
      const close = text.indexOf('}', open);
      const selector = text.slice(open + 1, close === -1 ? undefined : close);
      for (const [, label] of selector.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)/g)) {
        if (label && !allowedLabels(full).includes(label)) problems.push(`${where}: ${series} has no label ${label} (selector)`);
      }
    }
  }
  const within = (from: number, to: number): MetricRef[] => refs.filter((ref) => ref.start > from && ref.start < to);

  for (const match of text.matchAll(/\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g)) {
    const [clause, keyword = '', list = ''] = match;
    let scope: MetricRef[];
    if (keyword === 'by' || keyword === 'without') {
      const before = text.slice(0, match.index).trimEnd();
      if (before.endsWith(')')) {
        const close = before.length - 1;
        scope = within(opening(text, close), close);
      } else {
        const open = text.indexOf('(', match.index + clause.length);
        scope = within(open, closing(text, open));
      }
    } else {
      // Vector matching: conservatively, the label must be on every metric of the expression.
      scope = refs;
    }
    for (const label of labelsOf(list)) {
      for (const ref of scope) if (!allowedLabels(ref).includes(label)) problems.push(`${where}: ${ref.series} has no label ${label} (${keyword})`);
    }
  }

  const counterScopes: [number, number][] = [];
  for (const match of text.matchAll(/\b(rate|irate|increase|resets|histogram_quantile|delta|deriv|predict_linear)\s*\(/g)) {
    const fn = match[1];
    const open = match.index + match[0].length - 1;
    const close = closing(text, open);
    const inside = within(open, close);
    if (fn === 'histogram_quantile') {
      if (!inside.length) problems.push(`${where}: histogram_quantile over no switchback histogram`);
      for (const ref of inside) if (ref.suffix !== '_bucket') problems.push(`${where}: histogram_quantile needs a histogram's _bucket series, not ${ref.series}`);
      for (const [, list = ''] of text.slice(open, close).matchAll(/\bby\s*\(([^)]*)\)/g)) {
        if (!labelsOf(list).includes('le')) problems.push(`${where}: histogram_quantile aggregates away le (by (${list}))`);
      }
    } else if (fn === 'delta' || fn === 'deriv' || fn === 'predict_linear') {
      for (const ref of inside) if (ref.spec.kind !== 'gauge') problems.push(`${where}: ${fn}() is for gauges, ${ref.series} is a ${ref.spec.kind}`);
    } else {
      counterScopes.push([open, close]);
      for (const ref of inside) if (ref.spec.kind === 'gauge') problems.push(`${where}: ${fn}() of gauge ${ref.series}`);
    }
  }
  // `X unless X offset 5m` keeps the series that are new in the last 5 minutes: the one place a
  // raw counter value means something (its first increments, which increase() cannot see).
  for (const match of text.matchAll(/\bswitchback_[a-z0-9_]+\s*(\{[^}]*\})?\s+unless\s+switchback_[a-z0-9_]+\s*(\{[^}]*\})?\s+offset\s+\d+[smhdw]/g)) {
    counterScopes.push([match.index - 1, match.index + match[0].length]);
  }
  // A raw counter value (process lifetime) says nothing: counters are read through rate/increase.
  for (const ref of refs) {
    const counting = ref.spec.kind === 'counter' || ref.suffix !== '';
    if (counting && !counterScopes.some(([open, close]) => ref.start > open && ref.start < close)) problems.push(`${where}: counter ${ref.series} used outside rate()/irate()/increase()`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------

function uidOf(datasource: GrafanaPanel['datasource']): string | undefined {
  return typeof datasource === 'string' ? datasource : (datasource?.uid ?? undefined);
}

function allPanels(panels: GrafanaPanel[] = []): GrafanaPanel[] {
  return panels.flatMap((panel) => [panel, ...allPanels(panel.panels)]);
}

/** Every query of the dashboard, named for messages. */
export function dashboardExprs(dashboard: GrafanaDashboard): { where: string; expr: string }[] {
  return allPanels(dashboard.panels).flatMap((panel) => (panel.targets ?? []).map((target) => ({ where: `dashboard panel "${panel.title ?? panel.id}" ${target.refId ?? ''}`.trimEnd(), expr: target.expr ?? '' })));
}

function dashboardProblems({ dashboard, datasources }: ObservabilityFiles): string[] {
  const problems: string[] = [];
  if (!dashboard.uid || !dashboard.title) problems.push('dashboard: needs a uid and a title');
  const prometheusUids = (datasources.datasources ?? []).filter((ds) => ds.type === 'prometheus').flatMap((ds) => [ds.uid, ds.name]);
  const ids = new Set<number>();
  for (const panel of allPanels(dashboard.panels)) {
    const name = `dashboard panel "${panel.title ?? panel.id}"`;
    if (panel.id === undefined || ids.has(panel.id)) problems.push(`${name}: panel ids must be present and unique`);
    else ids.add(panel.id);
    if (panel.type === 'row') continue;
    if (!panel.targets?.length) problems.push(`${name}: has no query`);
    for (const source of [panel.datasource, ...(panel.targets ?? []).map((target) => target.datasource)]) {
      if (!prometheusUids.includes(uidOf(source))) problems.push(`${name}: datasource ${uidOf(source)} is not a provisioned Prometheus datasource`);
    }
    for (const target of panel.targets ?? []) {
      if (!target.expr?.trim()) problems.push(`${name}: target ${target.refId} has no expr`);
      else if (target.legendFormat) problems.push(...templateLabelProblems(target.expr, { legend: target.legendFormat }, `${name} ${target.refId ?? ''}`.trimEnd(), legendLabels));
    }
  }
  return [...problems, ...dashboardExprs(dashboard).flatMap(({ where, expr }) => promqlProblems(expr, where))];
}

function rulesProblems({ rules }: ObservabilityFiles): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  if (!rules.groups?.length) return [`${ALERTS_FILE}: no rule groups`];
  for (const group of rules.groups) {
    if (!group.name) problems.push(`${ALERTS_FILE}: a group without a name`);
    for (const rule of group.rules ?? []) {
      const name = `alert ${rule.alert ?? rule.record ?? '?'}`;
      if (typeof rule.expr !== 'string' || !rule.expr.trim()) {
        problems.push(`${name}: no expr`);
        continue;
      }
      problems.push(...promqlProblems(rule.expr, name));
      if (rule.record) continue;
      if (!rule.alert) problems.push(`${ALERTS_FILE}: a rule that is neither an alert nor a recording rule`);
      else if (names.has(rule.alert)) problems.push(`${name}: defined twice`);
      else names.add(rule.alert);
      if (typeof rule.for !== 'string' || !/^(\d+[smhdwy])+$/.test(rule.for)) problems.push(`${name}: needs a 'for' duration`);
      if (!SEVERITIES.includes(String(rule.labels?.['severity']))) problems.push(`${name}: labels.severity must be one of ${SEVERITIES.join(', ')}`);
      if (typeof rule.annotations?.['summary'] !== 'string' || !rule.annotations['summary'].trim()) problems.push(`${name}: needs annotations.summary`);
      const templates = Object.fromEntries(
        Object.entries({ annotations: rule.annotations, labels: rule.labels }).flatMap(([kind, fields]) => Object.entries(fields ?? {}).flatMap(([key, value]) => (typeof value === 'string' ? [[`${kind}.${key}`, value]] : []))),
      ) as Record<string, string>;
      problems.push(...templateLabelProblems(rule.expr, templates, name, alertTemplateLabels));
    }
  }
  return problems;
}

/** "./host:container[:ro]" volumes of a compose service, as [host, container]. */
function mounts(files: ObservabilityFiles, service: string): [string, string][] {
  return (files.compose.services[service]?.volumes ?? []).map((volume) => {
    const [host = '', container = ''] = String(volume).split(':');
    return [path.posix.normalize(host), container];
  });
}

/** Prometheus loads alerts.yml and Grafana loads the dashboard folder, as compose mounts them. */
function wiringProblems(files: ObservabilityFiles): string[] {
  const problems: string[] = [];
  for (const file of [ALERTS_FILE, SLO_RULES_FILE]) {
    const rulesAt = mounts(files, 'prometheus').find(([host]) => host === file)?.[1];
    if (!rulesAt) problems.push(`prometheus: docker-compose.yml does not mount ${file}`);
    else if (!(files.prometheus.rule_files ?? []).includes(rulesAt)) problems.push(`prometheus: rule_files does not load ${rulesAt}`);
  }
  const dashboardsAt = mounts(files, 'grafana').find(([host]) => host === path.posix.dirname(DASHBOARD_FILE))?.[1];
  const providerPaths = (files.provider.providers ?? []).filter((provider) => provider.type === 'file').map((provider) => provider.options?.path);
  if (!dashboardsAt) problems.push(`grafana: docker-compose.yml does not mount ${path.posix.dirname(DASHBOARD_FILE)}`);
  else if (!providerPaths.includes(dashboardsAt)) problems.push(`grafana: no dashboard provider reads ${dashboardsAt}`);
  if (!mounts(files, 'grafana').some(([host, container]) => host === 'deploy/grafana/provisioning' && container === '/etc/grafana/provisioning')) problems.push('grafana: provisioning folder not mounted at /etc/grafana/provisioning');
  return problems;
}

export function observabilityProblems(files: ObservabilityFiles): string[] {
  return [...dashboardProblems(files), ...rulesProblems(files), ...wiringProblems(files)];
}

// ---------------------------------------------------------------------------------------------
// MetricSpecs against the registries: what the services' metric code really registers.

/** Loaded by path: a static relative import of another project breaks the Nx module boundaries. */
async function load(file: string): Promise<Record<string, unknown>> {
  if (!existsSync(path.join(root, file))) throw new Error(`${file} does not exist`);
  return (await import(path.join(root, file))) as Record<string, unknown>;
}

type Ctor = new (...args: unknown[]) => unknown;

/** The code that registers `switchback_*` metrics, each given a fresh registry the way Nest would. */
const REGISTRARS: { file: string; export: string; registry: (registry: Registry) => unknown[]; call?: boolean }[] = [
  { file: 'libs/runtime/src/bus-metrics.ts', export: 'busMetricsObserver', registry: (r) => [r], call: true },
  { file: 'services/capability-discovery/src/capability/capability.service.ts', export: 'CapabilityService', registry: (r) => [undefined, undefined, undefined, undefined, undefined, undefined, r, undefined, undefined] },
  { file: 'services/capability-discovery/src/pinning/capability-pinning.ts', export: 'CapabilityPinning', registry: (r) => [undefined, undefined, undefined, undefined, r] },
  { file: 'services/rcs-gateway/src/metrics/rcs-metrics.ts', export: 'RcsMetrics', registry: (r) => [r] },
  { file: 'services/smpp-gateway/src/smpp/smpp.metrics.ts', export: 'SmppMetrics', registry: (r) => [r] },
  { file: 'services/payload-store/src/links/link-metrics.ts', export: 'LinkMetrics', registry: (r) => [r] },
  { file: 'services/audit-sink/src/audit/audit-metrics.ts', export: 'AuditMetrics', registry: (r) => [r] },
  { file: 'services/webhook-dispatcher/src/delivery/webhook-metrics.ts', export: 'WebhookMetrics', registry: (r) => [r] },
  { file: 'services/routing/src/metrics/routing-metrics.ts', export: 'RoutingMetrics', registry: (r) => [r] },
];

/** Every `switchback_*` metric the registrars create, with its kind and label names. */
export async function registeredMetrics(): Promise<Map<string, { kind: string; labels: string[] }>> {
  const registry = new Registry();
  for (const registrar of REGISTRARS) {
    const exported = (await load(registrar.file))[registrar.export];
    if (typeof exported !== 'function') throw new Error(`${registrar.file} does not export ${registrar.export}`);
    if (registrar.call) (exported as (...args: unknown[]) => unknown)(...registrar.registry(registry));
    else new (exported as Ctor)(...registrar.registry(registry));
  }
  const found = new Map<string, { kind: string; labels: string[] }>();
  for (const metric of registry.getMetricsAsArray() as unknown as Metric[]) {
    const { name, type } = await metric.get();
    if (!name.startsWith('switchback_')) continue;
    found.set(name, { kind: String(type), labels: [...((metric as unknown as { labelNames?: string[] }).labelNames ?? [])] });
  }
  return found;
}

/** MetricSpecs says what the registries hold: names, kinds and label names. */
export function specProblems(registered: Map<string, { kind: string; labels: string[] }>): string[] {
  const problems: string[] = [];
  for (const [name, actual] of registered) {
    const spec = specByName.get(name);
    if (!spec) {
      problems.push(`${name}: registered but not in MetricNames`);
      continue;
    }
    if (spec.kind !== actual.kind) problems.push(`${name}: MetricSpecs says ${spec.kind}, registered as ${actual.kind}`);
    if ([...spec.labels].sort().join() !== [...actual.labels].sort().join()) problems.push(`${name}: MetricSpecs labels [${spec.labels.join(', ')}], registered with [${actual.labels.join(', ')}]`);
  }
  for (const [key, name] of Object.entries(MetricNames)) {
    if (!registered.has(name) && !NOT_YET_REGISTERED.includes(key as MetricKey)) problems.push(`${name}: in MetricNames but registered by none of the metric files`);
  }
  return problems;
}
