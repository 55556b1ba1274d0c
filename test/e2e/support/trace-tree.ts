import type { ReceivedSpan } from '@switchback/testing';

/** OTLP SpanKind numbers. */
export const SpanKinds = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 } as const;

/** A span we expect in a message's trace: which service, which kind, and for Kafka which topic. */
export interface ExpectedSpan {
  readonly service: string;
  readonly kind: number;
  /** The event topic (without prefix) of a producer or consumer span. */
  readonly topic?: string;
  /** The span's exact name, for spans that are not Kafka hops. */
  readonly name?: string;
  /** Attributes the span must have, with these values (it may have others). */
  readonly attributes?: Readonly<Record<string, unknown>>;
}

export const matches = (span: ReceivedSpan, expected: ExpectedSpan): boolean =>
  span.service === expected.service &&
  span.kind === expected.kind &&
  (expected.topic === undefined || span.name.endsWith(`.${expected.topic}`)) &&
  (expected.name === undefined || span.name === expected.name) &&
  Object.entries(expected.attributes ?? {}).every(([key, value]) => span.attributes[key] === value);

/** The roots (no parent) and the orphans (a parent id that is not in the trace) of one trace. */
export function shapeOf(trace: readonly ReceivedSpan[]): { roots: ReceivedSpan[]; orphans: ReceivedSpan[] } {
  const ids = new Set(trace.map((span) => span.spanId));
  return {
    roots: trace.filter((span) => span.parentSpanId === ''),
    orphans: trace.filter((span) => span.parentSpanId !== '' && !ids.has(span.parentSpanId)),
  };
}

/** True when the trace is one tree: a single root and every parent present. */
export function isOneTree(trace: readonly ReceivedSpan[]): boolean {
  const { roots, orphans } = shapeOf(trace);
  return roots.length === 1 && orphans.length === 0;
}

/** The trace as an indented outline (service, kind, name), for failure messages. */
export function outline(trace: readonly ReceivedSpan[]): string {
  const children = new Map<string, ReceivedSpan[]>();
  const ids = new Set(trace.map((span) => span.spanId));
  for (const span of trace) {
    const parent = ids.has(span.parentSpanId) ? span.parentSpanId : '';
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const lines: string[] = [];
  const walk = (parent: string, depth: number) => {
    for (const span of children.get(parent) ?? []) {
      const detached = span.parentSpanId !== '' && !ids.has(span.parentSpanId) ? ' (parent missing)' : '';
      lines.push(`${'  '.repeat(depth)}${span.service} kind=${span.kind} ${span.name}${detached}`);
      walk(span.spanId, depth + 1);
    }
  };
  walk('', 0);
  return lines.join('\n');
}
