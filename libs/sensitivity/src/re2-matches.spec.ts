import { compileGlobal, someMatch } from './re2-matches';

describe('someMatch', () => {
  it('visits matches left to right and stops at the first accepted one', () => {
    const seen: string[] = [];
    const found = someMatch(compileGlobal('[0-9]+', 'test'), 'a1 b22 c333 d4444', (m) => {
      seen.push(m[0]);
      return m[0].length === 3;
    });
    expect(found).toBe(true);
    expect(seen).toEqual(['1', '22', '333']);
  });

  it('terminates on patterns that can match the empty string', () => {
    let visits = 0;
    expect(someMatch(compileGlobal('x*', 'test'), 'abc', () => (visits++, false))).toBe(false);
    expect(visits).toBeGreaterThan(0);
  });

  it('refuses patterns RE2 cannot run in linear time, naming the owner', () => {
    expect(() => compileGlobal('(?<!a)b', 'rule X')).toThrow(/rule X/);
    expect(() => compileGlobal('(a)\\1', 'rule Y')).toThrow(SyntaxError);
  });
});
