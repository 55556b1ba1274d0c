import type { KeyedHasher } from '@switchback/crypto';
import type { SleepingClock } from '@switchback/runtime';
import type { CapabilityCache } from '../capability/capability-cache';
import { DeviceKeyService } from './device-key.service';
import type { DeviceKeyStore } from './device-key.store';

const NOW = Date.UTC(2026, 10, 23);
const recipient = { e164: '+447700900123', region: 'GB' };
const key = { keyId: 'k1', publicKey: 'x'.repeat(43), algorithm: 'X25519' as const };

function setup(options: { removed?: boolean; cacheDown?: boolean } = {}) {
  const calls: string[] = [];
  const store = {
    put: (hash: string, _key: unknown, at: Date) => (calls.push(`put ${hash} ${at.getTime()}`), Promise.resolve()),
    remove: (hash: string, keyId: string) => (calls.push(`remove ${hash} ${keyId}`), Promise.resolve(options.removed ?? true)),
    list: () => Promise.resolve([]),
  } as unknown as DeviceKeyStore;
  const cache = {
    invalidate: (e164: string) => (calls.push(`invalidate ${e164}`), options.cacheDown ? Promise.reject(new Error('redis down')) : Promise.resolve()),
  } as unknown as CapabilityCache;
  const hasher = { hash: (value: string) => `h(${value})` } as unknown as KeyedHasher;
  const clock: SleepingClock = { now: () => NOW, sleep: () => Promise.resolve() };
  return { service: new DeviceKeyService(store, cache, hasher, clock), calls };
}

describe('DeviceKeyService', () => {
  it('stores a key by the number hash and drops the cache entry', async () => {
    const { service, calls } = setup();
    await service.register(recipient, key);
    expect(calls).toEqual([`put h(+447700900123) ${NOW}`, 'invalidate +447700900123']);
  });

  it('drops the cache entry after removing a key, not when there was none', async () => {
    const removed = setup();
    await expect(removed.service.remove(recipient, 'k1')).resolves.toBe(true);
    expect(removed.calls).toEqual(['remove h(+447700900123) k1', 'invalidate +447700900123']);
    const unknown = setup({ removed: false });
    await expect(unknown.service.remove(recipient, 'k1')).resolves.toBe(false);
    expect(unknown.calls).toEqual(['remove h(+447700900123) k1']);
  });

  it('still succeeds when Redis is down', async () => {
    const { service } = setup({ cacheDown: true });
    await expect(service.register(recipient, key)).resolves.toBeUndefined();
  });
});
