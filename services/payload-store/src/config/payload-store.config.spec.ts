import { ConfigException, loadConfig } from '@switchback/config';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { linkPeppersOf, payloadStoreConfigSchema } from './payload-store.config';

const base = { IDENTIFIER_HASH_KEY: 'a-unit-test-key-0123456789' };
const PEPPER = `p1:${randomBytes(32).toString('base64')}`;
const load = (env: Record<string, string>) => loadConfig(payloadStoreConfigSchema, { ...base, ...env });
const issuesOf = (env: Record<string, string>): string[] => {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigException) return error.issues;
    throw error;
  }
  return [];
};

describe('payload-store config', () => {
  it('has safe defaults: closed API, 1 h TTL, 7 d max, 256 KiB, 5 wrong claims', () => {
    const config = load({});
    expect(config).toMatchObject({
      HTTP_PORT: 3105,
      PUBLIC_BASE_URL: 'http://127.0.0.1:3105',
      LINK_API_KEYS: [],
      LINK_DEFAULT_TTL_SECONDS: 3600,
      LINK_MAX_TTL_SECONDS: 7 * 24 * 3600,
      LINK_MAX_VIEWS: 10,
      LINK_MAX_FAILED_CLAIMS: 5,
      LINK_MAX_CIPHERTEXT_BYTES: 262_144,
      LINK_SWEEP_INTERVAL_MS: 60_000,
      DATABASE_SCHEMA: 'public',
    });
  });

  it('parses LINK_API_KEYS into tenants and strips a trailing slash from PUBLIC_BASE_URL', () => {
    const config = load({ LINK_API_KEYS: ' acme:key-of-acme-0123456789 , globex:key-of-globex-012345 ', PUBLIC_BASE_URL: 'https://l.example/', LINK_PEPPERS: PEPPER });
    expect(config.LINK_API_KEYS).toEqual([
      { tenantId: 'acme', key: 'key-of-acme-0123456789' },
      { tenantId: 'globex', key: 'key-of-globex-012345' },
    ]);
    expect(config.PUBLIC_BASE_URL).toBe('https://l.example');
  });

  it.each([
    [{ LINK_API_KEYS: 'acme:short' }, 'LINK_API_KEYS'],
    [{ LINK_API_KEYS: 'no-colon-here-0123456789' }, 'LINK_API_KEYS'],
    [{ LINK_MAX_TTL_SECONDS: '30' }, 'LINK_MAX_TTL_SECONDS'],
    [{ LINK_MAX_VIEWS: '0' }, 'LINK_MAX_VIEWS'],
    [{ LINK_MAX_FAILED_CLAIMS: 'many' }, 'LINK_MAX_FAILED_CLAIMS'],
    [{ LINK_MAX_CIPHERTEXT_BYTES: '-1' }, 'LINK_MAX_CIPHERTEXT_BYTES'],
    [{ PUBLIC_BASE_URL: 'not a url' }, 'PUBLIC_BASE_URL'],
    [{ PUBLIC_BASE_URL: 'http://links.example', LINK_PEPPERS: PEPPER }, 'PUBLIC_BASE_URL'],
    [{ PUBLIC_BASE_URL: 'http://10.0.0.5:3105', LINK_PEPPERS: PEPPER }, 'PUBLIC_BASE_URL'],
    [{ PUBLIC_BASE_URL: 'ftp://links.example', LINK_PEPPERS: PEPPER }, 'PUBLIC_BASE_URL'],
    [{ PUBLIC_BASE_URL: 'https://links.example' }, 'LINK_PEPPERS'],
    [{ LINK_PEPPERS: 'p1:c2hvcnQ=' }, 'LINK_PEPPERS'],
    [{ LINK_PEPPERS: `${PEPPER},${PEPPER}` }, 'LINK_PEPPERS'],
    [{ LINK_PEPPERS_FILE: '/nonexistent/peppers' }, 'LINK_PEPPERS_FILE'],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: 'loopback, example.com' }, 'TRUST_PROXY'],
    [{ LINK_DEFAULT_TTL_SECONDS: '7200', LINK_MAX_TTL_SECONDS: '3600' }, 'LINK_DEFAULT_TTL_SECONDS'],
  ])('stops boot naming the variable for %j', (env, variable) => {
    const issues = issuesOf(env);
    expect(issues[0]).toMatch(new RegExp(`^${variable}: `));
  });

  it('trusts no proxy by default, and parses addresses, CIDRs, range names or a hop count', () => {
    expect(load({}).TRUST_PROXY).toBe(false);
    expect(load({ TRUST_PROXY: ' 10.2.0.0/16, loopback ,fd00::/8,192.0.2.7' }).TRUST_PROXY).toEqual(['10.2.0.0/16', 'loopback', 'fd00::/8', '192.0.2.7']);
    expect(load({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
  });

  it('never echoes a key in its error', () => {
    expect(issuesOf({ LINK_API_KEYS: 'acme:secretvalue' }).join()).not.toContain('secretvalue');
  });

  it('accepts http:// only for a loopback origin (development); anywhere else https:// and a pepper', () => {
    for (const origin of ['http://127.0.0.1:3105', 'http://localhost:3105', 'http://links.localhost', 'http://[::1]:3105']) expect(issuesOf({ PUBLIC_BASE_URL: origin })).toEqual([]);
    expect(issuesOf({ PUBLIC_BASE_URL: 'http://links.example' }).join('\n')).toMatch(/^PUBLIC_BASE_URL: must be an https:\/\/ origin/m);
    expect(issuesOf({ PUBLIC_BASE_URL: 'https://links.example' })).toEqual([expect.stringMatching(/^LINK_PEPPERS: required outside development/)]);
    expect(issuesOf({ PUBLIC_BASE_URL: 'https://links.example', LINK_PEPPERS: PEPPER })).toEqual([]);
  });

  it('reads the peppers, the current first, from LINK_PEPPERS or LINK_PEPPERS_FILE (not both), never echoing them', () => {
    const p2 = randomBytes(32);
    const p1 = randomBytes(32);
    const list = `p2:${p2.toString('base64')}, p1:${p1.toString('base64')}`;
    expect(linkPeppersOf(load({ LINK_PEPPERS: list }))).toEqual([{ id: 'p2', key: p2 }, { id: 'p1', key: p1 }]);
    const dir = mkdtempSync(path.join(tmpdir(), 'peppers-'));
    try {
      const file = path.join(dir, 'LINK_PEPPERS');
      writeFileSync(file, `${list}\n`);
      expect(linkPeppersOf(load({ LINK_PEPPERS_FILE: file, PUBLIC_BASE_URL: 'https://links.example' }))).toEqual([{ id: 'p2', key: p2 }, { id: 'p1', key: p1 }]);
      expect(issuesOf({ LINK_PEPPERS_FILE: file, LINK_PEPPERS: list })).toEqual([expect.stringMatching(/^LINK_PEPPERS_FILE: set LINK_PEPPERS or LINK_PEPPERS_FILE, not both/)]);
      writeFileSync(file, 'p1:not-a-32-byte-key');
      const issues = issuesOf({ LINK_PEPPERS_FILE: file });
      expect(issues).toEqual([expect.stringMatching(/^LINK_PEPPERS_FILE: /)]);
      expect(issues.join()).not.toContain('not-a-32-byte-key');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(issuesOf({ LINK_PEPPERS: `p1:${p1.toString('base64').slice(0, 20)}` }).join()).not.toContain(p1.toString('base64').slice(0, 20));
  });
});
