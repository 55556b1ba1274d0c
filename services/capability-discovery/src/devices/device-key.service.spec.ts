import { RecordingEventSink } from '@switchback/bus';
import { DeviceKeyAction } from '@switchback/contracts';
import type { KeyedHasher } from '@switchback/crypto';
import type { SleepingClock } from '@switchback/runtime';
import type { CapabilityCache } from '../capability/capability-cache';
import { DeviceKeyService, OWNED_ELSEWHERE } from './device-key.service';
import type { DeviceKeyStore } from './device-key.store';

const NOW = Date.UTC(2026, 10, 23);
const recipient = { e164: '+447700900123', region: 'GB' };
const key = { keyId: 'k1', publicKey: 'x'.repeat(43), algorithm: 'X25519' as const };
const acme = { client: 'app', tenantId: 'acme' };

function setup(options: { removed?: boolean; cacheDown?: boolean; owner?: string } = {}) {
  const calls: string[] = [];
  const store = {
    put: (hash: string, tenant: string, _key: unknown, at: Date) => (calls.push(`put ${hash} ${tenant} ${at.getTime()}`), Promise.resolve({ owner: options.owner ?? tenant })),
    remove: (hash: string, _tenant: string, keyId: string) => (calls.push(`remove ${hash} ${keyId}`), Promise.resolve({ owner: options.owner, removed: options.removed ?? true })),
    ownerOf: () => Promise.resolve(options.owner),
    list: () => Promise.resolve([]),
  } as unknown as DeviceKeyStore;
  const cache = {
    invalidate: (e164: string) => (calls.push(`invalidate ${e164}`), options.cacheDown ? Promise.reject(new Error('redis down')) : Promise.resolve()),
  } as unknown as CapabilityCache;
  const hasher = { hash: (value: string) => `h(${value})` } as unknown as KeyedHasher;
  const clock: SleepingClock = { now: () => NOW, sleep: () => Promise.resolve() };
  const sink = new RecordingEventSink();
  return { service: new DeviceKeyService(store, cache, hasher, clock, sink), calls, sink };
}

describe('DeviceKeyService', () => {
  it('stores a key by the number hash for the caller\'s tenant, drops the cache entry and audits the registration', async () => {
    const { service, calls, sink } = setup();
    await expect(service.register(acme, recipient, key)).resolves.toBe('registered');
    expect(calls).toEqual([`put h(+447700900123) acme ${NOW}`, 'invalidate +447700900123']);
    expect(sink.of('deviceKeyChanged')).toEqual([expect.objectContaining({ tenantId: 'acme', client: 'app', recipientHash: 'h(+447700900123)', keyId: 'k1', action: DeviceKeyAction.REGISTERED, changedAtMs: BigInt(NOW) })]);
  });

  it('refuses a number another tenant owns, changes nothing in the cache, and audits the attempt', async () => {
    const { service, calls, sink } = setup({ owner: 'globex' });
    await expect(service.register(acme, recipient, key)).resolves.toBe(OWNED_ELSEWHERE);
    await expect(service.list(acme, recipient)).resolves.toBe(OWNED_ELSEWHERE);
    await expect(service.remove(acme, recipient, 'k1')).resolves.toBe(OWNED_ELSEWHERE);
    expect(calls.filter((call) => call.startsWith('invalidate'))).toEqual([]);
    expect(sink.of('deviceKeyChanged').map((event) => [event.action, event.tenantId, event.ownerTenantId])).toEqual([
      [DeviceKeyAction.REFUSED, 'acme', 'globex'],
      [DeviceKeyAction.REFUSED, 'acme', 'globex'],
      [DeviceKeyAction.REFUSED, 'acme', 'globex'],
    ]);
  });

  it('drops the cache entry after removing a key (audited), not when there was none', async () => {
    const removed = setup();
    await expect(removed.service.remove(acme, recipient, 'k1')).resolves.toBe('removed');
    expect(removed.calls).toEqual(['remove h(+447700900123) k1', 'invalidate +447700900123']);
    expect(removed.sink.of('deviceKeyChanged').map((event) => event.action)).toEqual([DeviceKeyAction.REMOVED]);
    const unknown = setup({ removed: false });
    await expect(unknown.service.remove(acme, recipient, 'k1')).resolves.toBe('not_found');
    expect(unknown.calls).toEqual(['remove h(+447700900123) k1']);
    expect(unknown.sink.of('deviceKeyChanged')).toEqual([]);
  });

  // Regression (found by the HTTP fuzzer): a key id with a NUL reached Postgres, which refused it: a 500.
  it('answers not_found for a key id no registration could have stored, without asking the store', async () => {
    const { service, calls } = setup();
    for (const keyId of ['k1\u0000', '', 'x'.repeat(65), 'a/b']) await expect(service.remove(acme, recipient, keyId)).resolves.toBe('not_found');
    expect(calls).toEqual([]);
  });

  it('still succeeds when Redis is down', async () => {
    const { service } = setup({ cacheDown: true });
    await expect(service.register(acme, recipient, key)).resolves.toBe('registered');
  });
});
