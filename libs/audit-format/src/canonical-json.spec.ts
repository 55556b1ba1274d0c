import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every depth, so Postgres reordering jsonb keys changes nothing', () => {
    const written = { z: 1, a: { y: [1, 'two', null], b: true }, m: 'x' };
    const reRead = JSON.parse('{"a": {"b": true, "y": [1, "two", null]}, "m": "x", "z": 1}') as unknown;
    expect(canonicalJson(written)).toBe('{"a":{"b":true,"y":[1,"two",null]},"m":"x","z":1}');
    expect(canonicalJson(reRead)).toBe(canonicalJson(written));
  });

  it('sorts keys whatever order they come in, inside arrays too', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
  });

  it('leaves out undefined members, writes undefined array items as null, escapes strings like JSON', () => {
    expect(canonicalJson({ a: undefined, b: [undefined], c: 'quote " and \u2028' })).toBe('{"b":[null],"c":"quote \\" and \u2028"}');
  });

  it('refuses values that would not survive a jsonb round trip unchanged', () => {
    expect(() => canonicalJson({ at: new Date(0) })).toThrow(/Date is not plain JSON/);
    expect(() => canonicalJson({ n: 10n })).toThrow(/bigint/);
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/non-finite/);
  });
});
