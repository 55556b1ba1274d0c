import { KeyedHasher } from '@switchback/crypto';
import { createHash, createHmac } from 'node:crypto';
import { ContentFingerprinter } from './content-fingerprinter';
import { MemoryFingerprintSeeds } from './memory-fingerprint-seeds';

const TEXT = 'Your code is 483920';
const f1 = { id: 'f1', key: Buffer.alloc(32, 1) };
const f2 = { id: 'f2', key: Buffer.alloc(32, 2) };

describe('ContentFingerprinter', () => {
  let now: number;
  let seeds: MemoryFingerprintSeeds;
  const fingerprinter = (keys = [f1], cacheS = 300) => new ContentFingerprinter(seeds, { CONTENT_FINGERPRINT_KEYS: keys, CONTENT_FINGERPRINT_CACHE_S: cacheS }, { now: () => now });

  beforeEach(() => {
    now = 1_000;
    seeds = new MemoryFingerprintSeeds();
  });

  it('fingerprints a text stably per tenant, naming the master key and the tenant seed', async () => {
    const fp = fingerprinter();
    const acme = await fp.of('acme', TEXT);
    expect(acme).toMatch(/^f1\.[0-9a-f]{16}:[A-Za-z0-9_-]{32}$/);
    expect(await fp.of('acme', TEXT)).toBe(acme);
    expect(await fp.of('acme', 'Your code is 483921')).not.toBe(acme);
    // Another tenant's fingerprint of the same text does not link the two.
    expect((await fp.of('globex', TEXT)).split(':')[1]).not.toBe(acme.split(':')[1]);
    expect(await fp.matches('acme', TEXT, acme)).toBe(true);
    expect(await fp.matches('acme', 'Your code is 483921', acme)).toBe(false);
    expect(await fp.matches('globex', TEXT, acme)).toBe(false);
  });

  it('is not the recipient-key HMAC, a bare SHA-256, or an HMAC under the master key', async () => {
    const digest = (await fingerprinter().of('acme', TEXT)).split(':')[1];
    const recipientKey = 'a-test-key-of-16-chars';
    const candidates = [
      new KeyedHasher({ key: recipientKey, keyId: 'k1' }).hash(TEXT).split(':')[1],
      createHmac('sha256', f1.key).update(TEXT).digest('base64url').slice(0, 32),
      createHash('sha256').update(TEXT).digest('base64url').slice(0, 32),
    ];
    expect(candidates).not.toContain(digest);
  });

  it('crypto-shreds: once the tenant seed is destroyed its fingerprints verify against nothing, and new ones use a new seed', async () => {
    const fp = fingerprinter();
    const before = await fp.of('acme', TEXT);
    const globex = await fp.of('globex', TEXT);
    expect(await fp.destroyTenant('acme')).toBe(true);
    expect(await fp.matches('acme', TEXT, before)).toBe(false);
    // Even a fresh instance with the master key cannot verify it: nothing left to derive from.
    expect(await fingerprinter().matches('acme', TEXT, before)).toBe(false);
    const after = await fp.of('acme', TEXT);
    expect(after).not.toBe(before);
    expect(after.split(':')[0]).not.toBe(before.split(':')[0]);
    expect(await fp.matches('globex', TEXT, globex)).toBe(true);
  });

  it('another instance uses a destroyed seed at most CONTENT_FINGERPRINT_CACHE_S longer', async () => {
    const other = fingerprinter([f1], 60);
    const cached = await other.of('acme', TEXT);
    await fingerprinter().destroyTenant('acme');
    expect(await other.of('acme', TEXT)).toBe(cached);
    now += 60_001;
    expect(await other.of('acme', TEXT)).not.toBe(cached);
  });

  it('rotates the master key: new fingerprints use the first, older ones still verify while their key is configured', async () => {
    const old = await fingerprinter([f1]).of('acme', TEXT);
    const rotated = fingerprinter([f2, f1]);
    expect(await rotated.of('acme', TEXT)).toMatch(/^f2\./);
    expect(await rotated.matches('acme', TEXT, old)).toBe(true);
    expect(await fingerprinter([f2]).matches('acme', TEXT, old)).toBe(false);
  });
});
