import { looksLikeAssignedSecret, looksLikeBarePassword, looksLikeLabelledKey, looksLikePasswordInText } from './secret-values';

describe('looksLikeAssignedSecret', () => {
  it.each(['Tr0ub4dor&3', 'hunter22;', 's3cure-EXAMPLE', 'pass.w0rd!'])('accepts a literal value: %s', (value) => {
    expect(looksLikeAssignedSecret([`password=${value}`, value])).toBe(true);
  });

  it.each([
    'https://example.com/reset',
    '********',
    '${DB_PASSWORD}',
    '$TOKEN',
    '{{',
    'os.environ[',
    'os.getenv(',
    'process.env.GITHUB_TOKEN',
    'req.headers.authorization?.split(',
  ])('rejects a link, mask or reference: %s', (value) => {
    expect(looksLikeAssignedSecret([`password=${value}`, value])).toBe(false);
  });
});

describe('looksLikePasswordInText', () => {
  it.each([
    ['password', 'BlueMoon#77'],
    ['password', 'Popcorn2026.'],
    ['pw', 'Summer2026!'],
    ['passphrase', 'correct-horse-battery-42'],
    ['contraseña', 'Madrid#4521'],
    ['PIN', '7391'],
  ])('accepts %s %s', (word, value) => {
    expect(looksLikePasswordInText(['', word, value])).toBe(true);
  });

  it.each([
    ['password', 'changed.'],
    ['password', 'case-sensitive.'],
    ['password', "don't"],
    ['password', '12345678'],
    ['password', 'N/A'],
    ['password', 'https://example.com/reset'],
    ['password', '********'],
    ['PIN', 'changed'],
    ['PIN', '123456789'],
  ])('rejects %s %s', (word, value) => {
    expect(looksLikePasswordInText(['', word, value])).toBe(false);
  });
});

describe('looksLikeBarePassword', () => {
  it('accepts a value mixing letters, digits and a symbol', () => {
    expect(looksLikeBarePassword(['', 'password', 'Spring#2026'])).toBe(true);
  });

  it.each(['reset', 'Spring2026', 'on-the-fridge', '2026-11-23'])('rejects %s', (value) => {
    expect(looksLikeBarePassword(['', 'password', value])).toBe(false);
  });
});

describe('looksLikeLabelledKey', () => {
  const hex32 = '9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c';

  it('accepts a long generated value', () => {
    expect(looksLikeLabelledKey(['', 'account', '', hex32])).toBe(true);
    expect(looksLikeLabelledKey(['', undefined, ' for the API', hex32])).toBe(true);
  });

  it('rejects public keys, UUIDs and values without both letters and digits', () => {
    expect(looksLikeLabelledKey(['', 'Public', '', hex32])).toBe(false);
    expect(looksLikeLabelledKey(['', undefined, ' (public part)', hex32])).toBe(false);
    expect(looksLikeLabelledKey(['', 'idempotency', '', '7c9e6679-7425-40de-944b-e07fc1f90ae7'])).toBe(false);
    expect(looksLikeLabelledKey(['', 'api', '', 'abcdefghijklmnopqrstuvwxyzabcdefgh'])).toBe(false);
  });
});
