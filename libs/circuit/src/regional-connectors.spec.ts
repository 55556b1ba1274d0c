import { z } from 'zod';
import { checkUniqueConnectors, connectorListSchema, failoverOrder, regionalConnectorFields, type RegionalConnector } from './regional-connectors';

const c = (id: string, region: RegionalConnector['region'], priority = 0, weight = 1): RegionalConnector => ({ id, region, priority, weight });
const ids = (list: readonly RegionalConnector[]) => list.map((x) => x.id);
/** A deterministic sequence of "random" numbers. */
const sequence = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length]!;
};

describe('failoverOrder', () => {
  const connectors = [c('eu-1', 'EU', 0), c('us-1', 'US', 0), c('eu-2', 'EU', 1), c('global', 'GLOBAL', 2)];

  it('keeps only the connectors of the allowed regions: GLOBAL is not a wildcard', () => {
    expect(ids(failoverOrder(connectors, ['EU'], () => 0))).toEqual(['eu-1', 'eu-2']);
    expect(ids(failoverOrder(connectors, ['ASIA'], () => 0))).toEqual([]);
  });

  it('uses every connector when the leg names no region, by priority (lower first)', () => {
    expect(ids(failoverOrder(connectors, [], () => 0))).toEqual(['eu-1', 'us-1', 'eu-2', 'global']);
    expect(ids(failoverOrder(connectors, [], () => 0.99))).toEqual(['us-1', 'eu-1', 'eu-2', 'global']);
  });

  it('splits traffic among one priority by weight', () => {
    const weighted = [c('a', 'EU', 0, 3), c('b', 'EU', 0, 1)];
    const firsts = { a: 0, b: 0 };
    for (let i = 0; i < 100; i += 1) firsts[failoverOrder(weighted, ['EU'], sequence(i / 100))[0]!.id as 'a' | 'b'] += 1;
    expect(firsts).toEqual({ a: 75, b: 25 });
  });

  it('tries a weight-0 connector only after the weighted ones of its priority', () => {
    const list = [c('standby', 'EU', 0, 0), c('main', 'EU', 0, 5)];
    for (const r of [0, 0.5, 0.999]) expect(ids(failoverOrder(list, [], () => r))).toEqual(['main', 'standby']);
  });
});

describe('connector lists in config', () => {
  const schema = z
    .object({ LIST: connectorListSchema(z.object(regionalConnectorFields).strict()) })
    .superRefine((config, ctx) => checkUniqueConnectors(config.LIST.map((x) => x.id), 'id', ctx, 'LIST'));
  const messages = (value: string) => {
    const result = schema.safeParse({ LIST: value });
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('parses a JSON list with defaults', () => {
    expect(schema.parse({ LIST: '[{"id":"eu","region":"EU"}]' }).LIST).toEqual([{ id: 'eu', region: 'EU', priority: 0, weight: 1 }]);
  });

  it('refuses bad JSON, unknown regions, empty lists and duplicate ids', () => {
    expect(messages('not json')).toEqual(['LIST: must be a JSON array of connectors']);
    expect(messages('[{"id":"x","region":"MARS"}]')[0]).toMatch(/^LIST\.0\.region/);
    expect(messages('[]')).toEqual(['LIST: needs at least one connector']);
    expect(messages('[{"id":"x","region":"EU"},{"id":"x","region":"US"}]')).toEqual(['LIST: duplicate connector id "x"']);
  });
});
