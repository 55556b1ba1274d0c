import { ConcatenationAssembler } from './concatenation.assembler';

describe('ConcatenationAssembler', () => {
  const part = (id: string, text: string) => ({ id, text, receivedAtMs: Number(id) });

  it('keeps conversations with the same reference apart', () => {
    const assembler = new ConcatenationAssembler();
    expect(assembler.add('A', 'B', { reference: 1, total: 2, sequence: 1 }, part('1', 'ab'))).toBeUndefined();
    expect(assembler.add('A', 'C', { reference: 1, total: 2, sequence: 2 }, part('2', 'xx'))).toBeUndefined();
    expect(assembler.add('A', 'B', { reference: 1, total: 2, sequence: 2 }, part('3', 'cd'))).toEqual({ ids: ['1', '3'], text: 'abcd', firstReceivedAtMs: 1 });
    expect(assembler.incomplete()).toBe(1);
  });

  it('lets a resent part replace the earlier copy', () => {
    const assembler = new ConcatenationAssembler();
    assembler.add('A', 'B', { reference: 9, total: 2, sequence: 1 }, part('1', 'old'));
    assembler.add('A', 'B', { reference: 9, total: 2, sequence: 1 }, part('2', 'new'));
    expect(assembler.add('A', 'B', { reference: 9, total: 2, sequence: 2 }, part('3', '!'))?.text).toBe('new!');
  });
});
