import { contentVariants, remainingTtl } from './rbm-content';

describe('contentVariants', () => {
  it('is plain text only unless the open-link suggestion is enabled', () => {
    expect(contentVariants('Track it: https://t.example/p/1', { suggestOpenUrl: false })).toEqual({ plain: { text: 'Track it: https://t.example/p/1' } });
  });

  it('adds one open-url suggested action for exactly one https URL, keeping the text', () => {
    const variants = contentVariants('Track it: https://t.example/p/1 today', { suggestOpenUrl: true });
    expect(variants.plain).toEqual({ text: 'Track it: https://t.example/p/1 today' });
    expect(variants.rich).toEqual({
      text: 'Track it: https://t.example/p/1 today',
      suggestions: [{ action: { text: 'Open link', postbackData: 'open_link', openUrlAction: { url: 'https://t.example/p/1' } } }],
    });
  });

  it('offers nothing rich for no URL, an http URL or several URLs', () => {
    for (const text of ['Your code is 123456', 'See http://x.example', 'https://a.example or https://b.example']) {
      expect(contentVariants(text, { suggestOpenUrl: true }).rich).toBeUndefined();
    }
  });
});

describe('remainingTtl', () => {
  it('leaves the carrier default alone', () => {
    expect(remainingTtl(0, 0, 5_000)).toEqual({});
  });

  it('counts from the first attempt, rounding up, and reports when nothing is left', () => {
    expect(remainingTtl(60, 1_000, 1_000)).toEqual({ ttl: '60s' });
    expect(remainingTtl(60, 1_000, 31_500)).toEqual({ ttl: '30s' });
    expect(remainingTtl(60, 1_000, 61_000)).toBe('elapsed');
  });

  it('caps at RBM\'s 15 days', () => {
    expect(remainingTtl(30 * 24 * 3600, 0, 0)).toEqual({ ttl: '1296000s' });
  });
});
