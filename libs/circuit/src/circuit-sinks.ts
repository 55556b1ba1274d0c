import type { EventPublisher } from '@switchback/bus';
import { Channel, CircuitState, CircuitStateChangedSchema, create } from '@switchback/contracts';
import { counter, MetricNames } from '@switchback/telemetry';
import { Gauge, type Counter, type Registry } from 'prom-client';
import type { BreakerState } from './circuit-breaker';
import type { CircuitChange, CircuitSink, CircuitView } from './channel-breakers';

const WIRE_STATE: Readonly<Record<BreakerState, CircuitState>> = { closed: CircuitState.CLOSED, open: CircuitState.OPEN, half_open: CircuitState.HALF_OPEN };
/** Gauge values, ordered by severity so an alert can say "> 0" or "== 2". */
export const CIRCUIT_GAUGE_VALUE: Readonly<Record<BreakerState, number>> = { closed: 0, half_open: 1, open: 2 };

/** Publishes CircuitStateChanged on channelCircuit (alerting and audit). */
export class CircuitEventSink implements CircuitSink {
  constructor(
    private readonly publisher: Pick<EventPublisher, 'publish'>,
    private readonly instanceId: string,
  ) {}

  async changed({ channel, pathId, transition: t }: CircuitChange): Promise<void> {
    const event = create(CircuitStateChangedSchema, {
      channel,
      pathId,
      state: WIRE_STATE[t.to],
      previousState: WIRE_STATE[t.from],
      failures: t.failures,
      calls: t.calls,
      changedAtMs: BigInt(t.at),
      openUntilMs: BigInt(t.openUntil),
      reason: t.reason,
      instanceId: this.instanceId,
    });
    await this.publisher.publish('channelCircuit', event, { key: pathId, messageId: `${this.instanceId}/${pathId}/${t.at}/${t.to}` });
  }
}

function gauge(registry: Registry, name: string, help: string, labelNames: string[]): Gauge<string> {
  return (registry.getSingleMetric(name) as Gauge<string> | undefined) ?? new Gauge({ name, help, labelNames, registers: [registry] });
}

/** The breaker metrics in a registry (one of each per registry, however often asked). */
export function circuitMetrics(registry: Registry): { readonly state: Gauge<string>; readonly transitions: Counter<string>; readonly shared: Gauge<string> } {
  return {
    state: gauge(registry, MetricNames.circuitState, 'Circuit breaker state per path: 0 closed, 1 half-open, 2 open', ['channel', 'path']),
    transitions: counter(registry, MetricNames.circuitTransitions, 'Circuit breaker state changes per path, by new state', ['channel', 'path', 'to']),
    shared: gauge(registry, MetricNames.circuitShared, 'Circuit breaker state shared through Redis: 1 shared, 0 local to this instance (CIRCUIT_SHARED=false, or Redis unavailable)', ['channel']),
  };
}

/**
 * switchback_circuit_state (0 closed, 1 half-open, 2 open: this instance's view, whoever made
 * the transition), transition counts (by the instance that made each one, so a sum over
 * instances counts each transition once) and switchback_circuit_shared.
 */
export class CircuitMetricsSink implements CircuitSink {
  private readonly state: Gauge<string>;
  private readonly transitions: Counter<string>;
  private readonly shared: Gauge<string>;

  constructor(registry: Registry, channel: Channel, pathIds: readonly string[]) {
    ({ state: this.state, transitions: this.transitions, shared: this.shared } = circuitMetrics(registry));
    for (const path of pathIds) this.state.set({ channel: Channel[channel] ?? String(channel), path }, CIRCUIT_GAUGE_VALUE.closed);
  }

  observed({ channel, pathId, state }: CircuitView): void {
    this.state.set({ channel: Channel[channel] ?? String(channel), path: pathId }, CIRCUIT_GAUGE_VALUE[state]);
  }

  sharing(channel: Channel, shared: boolean): void {
    this.shared.set({ channel: Channel[channel] ?? String(channel) }, shared ? 1 : 0);
  }

  changed({ channel, pathId, transition }: CircuitChange): void {
    const labels = { channel: Channel[channel] ?? String(channel), path: pathId };
    this.state.set(labels, CIRCUIT_GAUGE_VALUE[transition.to]);
    this.transitions.inc({ ...labels, to: transition.to });
  }
}
