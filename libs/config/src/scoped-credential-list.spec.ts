import { scopeCovers, scopedCredentialList } from './scoped-credential-list';

describe('scopedCredentialList', () => {
  const admins = scopedCredentialList('actor', { allowGlobal: true });
  const clients = scopedCredentialList('client', { allowGlobal: false });

  it('reads the holder, the tenant scope (or *) and the token of each entry', () => {
    expect(admins.parse('alice@acme:0123456789abcdef, ops@*:tok:with:colons:0123')).toEqual([
      { holder: 'alice', scope: 'acme', secret: '0123456789abcdef' },
      { holder: 'ops', scope: '*', secret: 'tok:with:colons:0123' },
    ]);
    expect(admins.parse(undefined)).toEqual([]);
  });

  it('refuses an entry without a scope, so an unscoped token never becomes global', () => {
    const result = admins.safeParse('alice:0123456789abcdef');
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(['entry 1 must be actor@tenant:token or actor@*:token (every tenant), with a token of at least 16 characters']);
    expect(JSON.stringify(result.error?.issues)).not.toContain('0123456789abcdef');
  });

  it('refuses * where global credentials are not allowed, and short tokens', () => {
    expect(clients.safeParse('app@*:0123456789abcdef').success).toBe(false);
    expect(clients.safeParse('app@acme:short').success).toBe(false);
    expect(clients.parse('app@acme:0123456789abcdef')).toEqual([{ holder: 'app', scope: 'acme', secret: '0123456789abcdef' }]);
  });

  it('lets a scope act for its own tenant only, and * for all', () => {
    expect(scopeCovers('acme', 'acme')).toBe(true);
    expect(scopeCovers('acme', 'globex')).toBe(false);
    expect(scopeCovers('*', 'globex')).toBe(true);
  });
});
