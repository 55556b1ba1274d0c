import { CircuitMetricsSink, type BreakerState } from '@switchback/circuit';
import { ActionTaken, Channel, DeliveryStatus, FallbackReason, Sensitivity, TrafficType } from '@switchback/contracts';
import { MetricNames } from '@switchback/telemetry';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Registry, type Metric } from 'prom-client';
import { blankStrings } from './promql-text';

/** metric → label → every value the code can emit for it. */
export type LabelValues = Map<string, Map<string, Set<string>>>;

const root = path.resolve(__dirname, '../../..');
const numbers = (values: object): number[] => Object.values(values).filter((value): value is number => typeof value === 'number');
// A type only: listed here, checked against BreakerState by the compiler.
const BREAKER_STATES = ['closed', 'open', 'half_open'] as const satisfies readonly BreakerState[];

/** Labels whose values come from a closed set (enums); free ones (tenant, path, cause) are not judged. */
const ENUMERATED: Record<string, readonly string[]> = {
  [MetricNames.routingDecisions]: ['traffic_type', 'sensitivity', 'channel', 'action', 'reason', 'cohort', 'policy_exception'],
  [MetricNames.deliveryOutcomes]: ['channel', 'status'],
  [MetricNames.messageTerminals]: ['status', 'channel', 'fault'],
  [MetricNames.failovers]: ['reason', 'from_channel', 'to_channel'],
  [MetricNames.circuitState]: ['channel'],
  [MetricNames.circuitTransitions]: ['channel', 'to'],
};

interface RoutingMetricsLike {
  decided(decision: object): void;
  terminal(tenantId: string, status: number, channel: number, reason?: string): void;
  failover(tenantId: string, trafficType: string, reason: number, from: number, to: number): void;
  outcome(outcome: object): void;
}

/**
 * Drives the real metric code (routing's RoutingMetrics, libs/circuit's sink) with every enum
 * value and reads back the label values it wrote: the code's own case and spelling (routing
 * writes `failed`, the circuit sink `SMS`), not a copy of it.
 */
export async function emittedLabelValues(): Promise<LabelValues> {
  const registry = new Registry();
  const file = 'services/routing/src/metrics/routing-metrics.ts';
  if (!existsSync(path.join(root, file))) throw new Error(`${file} does not exist`);
  // Loaded by path: a static import of a service breaks the Nx module boundaries.
  const { RoutingMetrics } = (await import(path.join(root, file))) as { RoutingMetrics: new (registry: Registry) => RoutingMetricsLike };
  const routing = new RoutingMetrics(registry);
  const base = { tenantId: 't', trafficType: TrafficType.TRANSACTIONAL, sensitivity: Sensitivity.NORMAL, channel: Channel.SMS, actionTaken: ActionTaken.SENT_PLAIN, fallbackReason: FallbackReason.NONE, cohort: 'default', detectorIds: [] as string[] };
  const fields: [keyof typeof base, object][] = [['trafficType', TrafficType], ['sensitivity', Sensitivity], ['channel', Channel], ['actionTaken', ActionTaken], ['fallbackReason', FallbackReason]];
  for (const [field, values] of fields) for (const value of numbers(values)) routing.decided({ ...base, [field]: value });
  // Every rollout cohort and an unknown one; the OTP policy exception.
  for (const cohort of ['default', 'pilot', 'control', 'opt_in', 'kill_switch', 'unknown']) routing.decided({ ...base, cohort });
  routing.decided({ ...base, trafficType: TrafficType.OTP, sensitivity: Sensitivity.SECRET, detectorIds: ['secret.otp_code'] });
  // Whose fault a FAILED end is: the recipient's (an SMSC's UNDELIV) or the platform's.
  for (const reason of ['UNDELIV', 'circuit_open']) routing.terminal('t', DeliveryStatus.FAILED, Channel.SMS, reason);
  for (const status of numbers(DeliveryStatus)) {
    for (const channel of numbers(Channel)) {
      routing.terminal('t', status, channel);
      routing.outcome({ channel, status });
    }
  }
  for (const reason of numbers(FallbackReason)) for (const from of numbers(Channel)) for (const to of numbers(Channel)) routing.failover('t', 'transactional', reason, from, to);
  for (const channel of numbers(Channel)) {
    const sink = new CircuitMetricsSink(registry, channel, ['p']);
    for (const to of BREAKER_STATES) sink.changed({ channel, pathId: 'p', transition: { from: 'closed', to, reason: 'error_rate', at: 0, failures: 0, calls: 0, openUntil: 0 } });
  }

  const found: LabelValues = new Map();
  for (const metric of registry.getMetricsAsArray() as unknown as Metric[]) {
    const { name, values } = await metric.get();
    const labels = ENUMERATED[name];
    if (!labels) continue;
    found.set(name, new Map(labels.map((label) => [label, new Set(values.flatMap((value) => (value.labels[label] === undefined ? [] : [String(value.labels[label])])))])));
  }
  return found;
}

/**
 * Literal label values an expression matches on (`=`, `!=`, and `=~`/`!~` when the regex is a
 * plain alternation) that the code never emits: such a selector silently matches nothing.
 */
export function labelValueProblems(expr: string, where: string, emitted: LabelValues): string[] {
  const blanked = blankStrings(expr);
  const problems: string[] = [];
  for (const match of blanked.matchAll(/\b(switchback_[a-z0-9_]+)\s*\{/g)) {
    const byLabel = emitted.get(match[1] ?? '');
    if (!byLabel) continue;
    const open = match.index + match[0].length;
    const close = blanked.indexOf('}', open);
    const selector = expr.slice(open, close === -1 ? undefined : close);
    for (const [, label = '', op = '', value = ''] of selector.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g)) {
      const known = byLabel.get(label);
      if (!known) continue;
      const regex = op === '=~' || op === '!~';
      if (regex && !/^[A-Za-z0-9_]+(\|[A-Za-z0-9_]+)*$/.test(value)) continue;
      for (const literal of regex ? value.split('|') : [value]) {
        if (!known.has(literal)) problems.push(`${where}: ${match[1]} never has ${label}="${literal}" (the code writes ${[...known].sort().join(', ')})`);
      }
    }
  }
  return problems;
}
