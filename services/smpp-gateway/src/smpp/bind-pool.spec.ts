import { BindPool } from './bind-pool';

describe('BindPool', () => {
  const member = (name: string, isBound = true) => ({ name, isBound });

  it('rotates over the bound members', () => {
    const pool = new BindPool([member('a'), member('b'), member('c')]);
    expect([1, 2, 3, 4].map(() => pool.next()?.name)).toEqual(['a', 'b', 'c', 'a']);
  });

  it('skips members that are down and counts the bound ones', () => {
    const b = member('b', false);
    const pool = new BindPool([member('a'), b, member('c')]);
    expect([1, 2, 3].map(() => pool.next()?.name)).toEqual(['a', 'c', 'a']);
    expect(pool.boundCount).toBe(2);
    b.isBound = true;
    expect(pool.next()?.name).toBe('b');
  });

  it('has nothing to give when no member is bound', () => {
    const pool = new BindPool([member('a', false)]);
    expect(pool.next()).toBeUndefined();
    expect(pool.boundCount).toBe(0);
  });
});
