import { CONNECTOR_REGIONS, regionAllowed, type ConnectorRegion } from '@switchback/contracts';
import { z } from 'zod';

/** What every regional connector (RBM hub, SMSC) declares, whatever else it needs. */
export interface RegionalConnector {
  readonly id: string;
  readonly region: ConnectorRegion;
  /** Lower is preferred; connectors of the next priority are the failover. */
  readonly priority: number;
  /** Share of traffic among the usable connectors of the same priority (0 = only when the others are out). */
  readonly weight: number;
}

/** The fields of one entry of a gateway's connector list (RBM_HUBS, SMPP_CONNECTORS). */
export const regionalConnectorFields = {
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'lower-case letters, digits, _ - (1 to 32)'),
  region: z.enum(CONNECTOR_REGIONS),
  priority: z.number().int().min(0).max(100).default(0),
  weight: z.number().int().min(0).max(1_000).default(1),
};

/**
 * Parses a JSON list of connectors from one variable, for use in a zod schema: a bad list stops
 * boot with the variable's name and the entry's index in the message (loadConfig adds both).
 */
export function connectorListSchema<S extends z.ZodTypeAny>(entry: S) {
  return z
    .string()
    .transform((text, ctx): unknown => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON array of connectors' });
        return z.NEVER;
      }
    })
    .pipe(z.array(entry).min(1, 'needs at least one connector'));
}

/** Duplicate ids (or any other key, such as a breaker path id) stop boot. */
export function checkUniqueConnectors(keys: readonly string[], what: string, ctx: z.RefinementCtx, path: string): void {
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key)) ctx.addIssue({ code: 'custom', message: `duplicate connector ${what} "${key}"`, path: [path] });
    seen.add(key);
  }
}

/**
 * The connectors a leg may use, in the order to try them: only those of the allowed regions
 * (empty = any; data residency, never relaxed when they are all down), by priority (lower
 * first), and within one priority a weighted random order (like DNS SRV): each next pick is
 * drawn with probability weight / remaining weight. `random` returns [0, 1).
 */
export function failoverOrder<C extends RegionalConnector>(connectors: readonly C[], allowed: readonly string[], random: () => number): C[] {
  const eligible = connectors.filter((c) => regionAllowed(allowed, c.region));
  const priorities = [...new Set(eligible.map((c) => c.priority))].sort((a, b) => a - b);
  return priorities.flatMap((priority) => weightedShuffle(eligible.filter((c) => c.priority === priority), random));
}

function weightedShuffle<C extends RegionalConnector>(group: readonly C[], random: () => number): C[] {
  const left = [...group];
  const order: C[] = [];
  while (left.length > 0) {
    const total = left.reduce((sum, c) => sum + c.weight, 0);
    let index = 0;
    if (total > 0) {
      let point = random() * total;
      index = left.findIndex((c) => (point -= c.weight) < 0);
      if (index < 0) index = left.findLastIndex((c) => c.weight > 0);
    }
    order.push(...left.splice(index, 1));
  }
  return order;
}

/** Nest token of the random source that orders connectors of equal priority (Math.random by default). */
export const CONNECTOR_RANDOM = Symbol('CONNECTOR_RANDOM');
