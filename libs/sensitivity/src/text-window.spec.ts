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
});
