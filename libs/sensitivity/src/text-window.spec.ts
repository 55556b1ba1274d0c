import { scanWindow } from './text-window';

describe('scanWindow', () => {
  it('keeps a short text whole', () => {
    expect(scanWindow('hello', 10)).toEqual({ text: 'hello', truncated: false });
  });

  it('cuts at the limit and says so', () => {
    expect(scanWindow('abcdefghij', 4)).toEqual({ text: 'abcd', truncated: true });
  });

  it('does not leave half a surrogate pair at the cut', () => {
    const { text } = scanWindow('ab🙂cd', 3);
    expect(text).toBe('ab');
  });

  it('folds full-width characters and drops invisible separators', () => {
    expect(scanWindow('ＡＫＩＡ１２', 100).text).toBe('AKIA12');
    expect(scanWindow('AK\u200BIA\u00AD12\uFEFF', 100).text).toBe('AKIA12');
  });

  it('normalises look-alikes, digits and format characters (see scan-normaliser.spec.ts)', () => {
    expect(scanWindow('p\u0430ss\u200eword \u0664\u0662', 100).text).toBe('password 42');
  });

  it('fails closed when normalisation would grow the text past its budget', () => {
    const { text, truncated } = scanWindow('\ufdfa'.repeat(10), 10);
    expect(truncated).toBe(false);
    expect(text.length).toBeLessThanOrEqual(180);
  });
});
