import RE2 from 're2';
import { SECRET_RULES } from './detector-registry';
import { alnum, FAKE_SECRETS } from './fake-secrets.fixture';
import { loosenCounts, SecretScanner } from './secret-scanner';

describe('SecretScanner', () => {
  const scanner = new SecretScanner(SECRET_RULES);
  const oneByOne = new SecretScanner(SECRET_RULES, { strategy: 'each' });

  it('compiles every rule on its own under RE2 (no lookaround, no backreference)', () => {
    for (const rule of SECRET_RULES) {
      expect(() => new RE2(rule.pattern, 'u')).not.toThrow();
      expect(rule.id).toMatch(/^secret\.[a-z0-9_]+$/);
    }
  });

  describe.each(Object.entries(FAKE_SECRETS))('%s', (id, samples) => {
    it.each(samples.map((s, i) => [i, s]))('finds sample %i inside a message', (_i, sample) => {
      const text = `Hi, here it is: ${sample} — thanks`;
      expect(scanner.scan(text)).toContain(id);
      // The rule-by-rule fallback must agree with the single-pass set.
      expect(oneByOne.scan(text)).toContain(id);
    });
  });

  it.each([
    'Your parcel arrives Tuesday',
    'Reset your password: https://example.com/reset/abc123',
    'password: ********',
    'Use promo code 2024 at checkout',
    'Delivery to PIN code 560001 is scheduled',
    'Your token was revoked; sign in again.',
    'AKIA1234 is not a key',
    `ghp_${alnum(35)} is one character short`,
    `xghp_${alnum(36)} is glued to a word`,
    'postgres://db.internal:5432/app has no credentials',
    'https://example.com:8443/path?user=alice',
    'See you at 10:30, code word is banana',
    // Prose around passwords and codes that holds none.
    'Your password was changed. If this was not you, contact support.',
    'The password is case-sensitive.',
    'Your password is too weak: add a number',
    'boarding pass: BA287-14A',
    'Day pass: £12.50',
    'Enter promo code 5521 at checkout. Do not share this offer.',
    'Your order 482913 has shipped',
    // Code that reads a secret from elsewhere rather than holding one.
    'password = os.environ["DB_PASSWORD"]',
    'api_key = os.getenv("API_KEY")',
    'token: process.env.GITHUB_TOKEN',
    "const token = req.headers.authorization?.split(' ')[1];",
    'DB_PASSWORD=${DB_PASSWORD}',
    'Public key: MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE8xFAKEexample1234',
    'access token is valid for 3600 seconds',
    'idempotency key: 7c9e6679-7425-40de-944b-e07fc1f90ae7',
    'The password on the fridge',
    'password reset 2026-11-23',
    'password: min. 8 chars, 1 digit',
    // Values next to credential words that are not generated keys.
    'Use the coupon key SPRING-SALE-2026-XYZ at checkout',
    'Tracking token for your parcel: 1Z999AA10123456784',
    'Git commit 9fceb02d0ae598e95dc970b74767f19372d61af8 fixed the key rotation bug.',
    'Your session key expired. Please sign in again with https://example.com/login/session-renewal',
    'Ticket token 7c9e6679-7425-40de-944b-e07fc1f90ae7 closed',
    'Κωδικός κράτησης: KX7P2Q',
  ])('ignores ordinary text: %s', (text) => {
    expect(scanner.scan(text)).toEqual([]);
    expect(oneByOne.scan(text)).toEqual([]);
  });

  it('reports each id once however often it matches', () => {
    const aws = FAKE_SECRETS['secret.aws_access_key'][0];
    expect(scanner.scan(`${aws} ${aws} ${aws}`)).toEqual(['secret.aws_access_key']);
  });

  it('finds a secret placed after a long run of filler', () => {
    const text = `${'lorem ipsum '.repeat(5000)}${FAKE_SECRETS['secret.github_token'][0]}`;
    expect(scanner.scan(text)).toEqual(['secret.github_token']);
  });

  it('does not flag the generic rule next to a named format that explains the match', () => {
    // registry-level behaviour is in classifier.spec; here both rules fire on the raw scanner
    const aws = FAKE_SECRETS['secret.aws_access_key'][0];
    expect(scanner.scan(`key ${aws}`)).toContain('secret.aws_access_key');
  });

  it('counts a text built to exhaust a rule\'s second look as a match (fail closed)', () => {
    const decoys = 'token 1Z999AA10123456784 '.repeat(100);
    expect(scanner.scan(decoys)).toContain('secret.generic_api_key');
    expect(scanner.scan('token 1Z999AA10123456784 '.repeat(3))).toEqual([]);
  });
});

describe('loosenCounts', () => {
  it('turns counted repetitions into + or * so the set only preselects', () => {
    expect(loosenCounts('ab[0-9]{4}c{2,}d{0,30}?e{3,5}')).toBe('ab[0-9]+c+d*?e+');
    for (const rule of SECRET_RULES) expect(() => new RE2(loosenCounts(rule.pattern), 'u')).not.toThrow();
  });
});
