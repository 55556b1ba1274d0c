import { looksLikeGeneratedToken, looksLikeGeneratedTokenBeforeWord, shannonEntropy } from './token-entropy';

const value = (v: string): string[] => ['', v];

describe('shannonEntropy', () => {
  it('is 0 for one repeated character and log2(n) for n distinct ones', () => {
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
    expect(shannonEntropy('0123456789abcdef')).toBe(4);
  });
});

describe('looksLikeGeneratedToken', () => {
  it.each(['8fJ2kL9qX3mN7pR4tV6w', 'Xk29fLq83ZmPw7Ts', 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6', 'UUB2M4ia5Kb3BFAKE2JMNkzwgjylQc8bGt.'])('accepts %s', (v) => {
    expect(looksLikeGeneratedToken(value(v))).toBe(true);
  });

  it.each([
    ['too short', 'Xk29fLq83Zm'],
    ['a UUID', '7c9e6679-7425-40de-944b-e07fc1f90ae7'],
    ['a tracking number', '1Z999AA10123456784'],
    ['a promo code of words', 'SPRING-SALE-2026-XYZ'],
    ['letters only', 'supercalifragilistic'],
    ['a host and path', 'example.com/reset/abc123XYZ789'],
    ['a path', '/var/lib/app/data2026'],
  ])('rejects %s', (_name, v) => {
    expect(looksLikeGeneratedToken(value(v))).toBe(false);
  });

  it('before a credential word, lets hex go (commit hashes precede prose about keys)', () => {
    expect(looksLikeGeneratedTokenBeforeWord(value('9fceb02d0ae598e95dc970b74767f19372d61af8'))).toBe(false);
    expect(looksLikeGeneratedTokenBeforeWord(value('Zx8Qm2Lp7Vk3Rt9Wn4Yb'))).toBe(true);
  });
});
