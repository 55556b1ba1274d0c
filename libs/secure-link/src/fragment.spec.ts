import { formatFragment, parseFragment } from './fragment';
import { SecureLinkError } from './secure-link.error';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as SecureLinkError).code;
  }
  return 'no error';
};

describe('fragment', () => {
  const secret = new Uint8Array(32).fill(7);
  const salt = new Uint8Array(16).fill(9);

  it('round-trips every mode, with or without the leading #', () => {
    for (const parsed of [
      { mode: 'fragment', linkSecret: secret },
      { mode: 'passphrase', iterations: 600_000, salt },
      { mode: 'code', anchor: salt },
      { mode: 'device' },
    ] as const) {
      const text = formatFragment(parsed);
      expect(parseFragment(text)).toEqual(parsed);
      expect(parseFragment(`#${text}`)).toEqual(parsed);
    }
    expect(formatFragment({ mode: 'passphrase', iterations: 600_000, salt })).toBe('p.600000.CQkJCQkJCQkJCQkJCQkJCQ');
  });

  it('rejects a passphrase fragment below 600000 iterations as a KDF downgrade', () => {
    expect(code(() => parseFragment('p.599999.CQkJCQkJCQkJCQkJCQkJCQ'))).toBe('WEAK_KDF');
    expect(code(() => parseFragment('p.1000.CQkJCQkJCQkJCQkJCQkJCQ'))).toBe('WEAK_KDF');
  });

  it('rejects absurd iteration counts and non-decimal ones', () => {
    expect(code(() => parseFragment('p.10000001.CQkJCQkJCQkJCQkJCQkJCQ'))).toBe('BAD_FRAGMENT');
    expect(code(() => parseFragment('p.6e5.CQkJCQkJCQkJCQkJCQkJCQ'))).toBe('BAD_FRAGMENT');
    expect(code(() => parseFragment('p.0600000.CQkJCQkJCQkJCQkJCQkJCQ'))).toBe('BAD_FRAGMENT');
  });

  it('rejects missing, truncated and unknown fragments', () => {
    for (const text of ['', '#', 'k.', 'k.AAAA', 'x.AAAA', 'k.' + 'A'.repeat(43) + '.x', 'c.!!!!', 'p.600000']) {
      expect(code(() => parseFragment(text))).toBe('BAD_FRAGMENT');
    }
  });
});
