import { BearerCredentials } from './bearer-credentials';

describe('BearerCredentials', () => {
  const credentials = new BearerCredentials([
    { holder: 'acme', secret: 'acme-key-0123456789' },
    { holder: 'globex', secret: 'globex-key-0123456789' },
  ]);

  it('names the holder of a configured secret', () => {
    expect(credentials.holderOf('Bearer acme-key-0123456789')).toBe('acme');
    expect(credentials.holderOf('bearer globex-key-0123456789')).toBe('globex');
  });

  it.each([
    ['no header', undefined],
    ['another scheme', 'Basic acme-key-0123456789'],
    ['an unknown secret', 'Bearer acme-key-012345678'],
    ['a prefix of a secret', 'Bearer acme'],
    ['two values', ['Bearer acme-key-0123456789']],
    ['trailing junk', 'Bearer acme-key-0123456789 extra'],
  ])('refuses %s', (_label, header) => {
    expect(credentials.holderOf(header)).toBeUndefined();
  });

  it('refuses everything when nothing is configured', () => {
    expect(new BearerCredentials([]).holderOf('Bearer anything-at-all-here')).toBeUndefined();
  });
});
