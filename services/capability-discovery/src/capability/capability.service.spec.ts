import type { KeyedHasher } from '@switchback/crypto';
import { MetricNames } from '@switchback/telemetry';
import { Registry } from 'prom-client';
import type { SleepingClock } from '@switchback/runtime';
import { capabilityDiscoveryConfigSchema } from '../config/capability-discovery.config';
import type { CapabilityPinning } from '../pinning/capability-pinning';
import type { CapabilityCache, CacheEntry, CachedCapability } from './capability-cache';
import { HubUnavailableException } from './capability.exception';
import { CapabilityService } from './capability.service';
import { decidePin, type CapabilityPin } from './pin-decision';
import type { HubCapability, RbmHubClient } from './rbm-hub.client';
import type { UpCapability, UpHubClient } from './up-hub.client';
import type { DeviceKeyStore } from '../devices/device-key.store';

const config = capabilityDiscoveryConfigSchema.parse({ IDENTIFIER_HASH_KEY: 'unit-test-key-0123456789', RBM_AUTH: 'none', HUB_BASE_URL: 'http://hub.invalid', CAPABILITY_HUB_BACKOFF_MS: '0' });
const recipient = { e164: '+33612345678', region: 'FR' };
const NOW = Date.UTC(2026, 10, 23);

function setup(hubAnswers: (HubCapability | Error)[], cacheEntry?: CacheEntry, cacheDown = false, pin?: CapabilityPin, e2ee: { up?: UpCapability | Error; keys?: boolean | Error } = {}) {
  const clock: SleepingClock = { now: () => NOW, sleep: () => Promise.resolve() };
  const stored: CachedCapability[] = [];
  const cache = {
    get: () => (cacheDown ? Promise.reject(new Error('redis down')) : Promise.resolve(cacheEntry)),
    set: (_e164: string, value: CachedCapability) => (cacheDown ? Promise.reject(new Error('redis down')) : (stored.push(value), Promise.resolve())),
  } as unknown as CapabilityCache;
  let hubCalls = 0;
  const hub = {
    capabilities: () => {
      const answer = hubAnswers[Math.min(hubCalls++, hubAnswers.length - 1)];
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  } as unknown as RbmHubClient;
  const observed: string[] = [];
  const pinning = {
    observe: (_hash: string, level: 'sms_only' | 'rcs' | 'e2ee') => (observed.push(level), Promise.resolve(decidePin(pin, level, NOW, 30 * 24 * 3600 * 1000))),
    peek: () => Promise.resolve(pin),
  } as unknown as CapabilityPinning;
  const hasher = { hash: (value: string) => `k1:${value.length}` } as unknown as KeyedHasher;
  const registry = new Registry();
  let upCalls = 0;
  const up = {
    capabilities: () => {
      upCalls += 1;
      const answer = e2ee.up ?? { e2ee: false, mlsCipherSuites: [] };
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  } as unknown as UpHubClient;
  const deviceKeys = {
    hasAny: () => (e2ee.keys instanceof Error ? Promise.reject(e2ee.keys) : Promise.resolve(e2ee.keys ?? false)),
  } as unknown as DeviceKeyStore;
  const service = new CapabilityService(cache, hub, pinning, hasher, clock, config, registry, up, deviceKeys);
  const lookups = async () => (await registry.getSingleMetric(MetricNames.capabilityLookups)?.get())?.values.map((v) => [v.labels['source'], v.labels['guess'], v.value]);
  const resolutions = async () => (await registry.getSingleMetric(MetricNames.capabilityResolutions)?.get())?.values.map((v) => [v.labels, v.value]);
  return { service, stored, observed, lookups, resolutions, hubCalls: () => hubCalls, upCalls: () => upCalls };
}

const fresh: CachedCapability = { rcs: true, rcsE2ee: false, inappE2ee: false, features: [], carrier: 'Orange', checkedAtMs: NOW - 1000, region: 'FR', level: 'rcs', status: 'amber', statusReason: 'RCS without end-to-end encryption', downgradeSuspected: false, pinnedLevel: 'rcs', pinnedAtMs: NOW - 1000 };

describe('CapabilityService', () => {
  it('answers a fresh cache entry without asking the hub', async () => {
    const { service, hubCalls } = setup([], { value: fresh, fresh: true, staleForMs: 0 });
    await expect(service.resolve(recipient)).resolves.toMatchObject({ source: 'cache', guess: false, carrier: 'Orange' });
    expect(hubCalls()).toBe(0);
  });

  it('asks the hub, pins the answer and caches it with the badge', async () => {
    const { service, stored, observed } = setup([{ rcs: true, features: ['REVOCATION'], carrier: 'Orange' }]);
    const answer = await service.resolve(recipient);
    expect(answer).toMatchObject({ source: 'hub', guess: false, status: 'amber', region: 'FR', carrier: 'Orange', pinnedLevel: 'rcs', pinnedAtMs: NOW, checkedAtMs: NOW });
    expect(observed).toEqual(['rcs']);
    expect(stored).toHaveLength(1);
  });

  it('counts answers by region, carrier and level for E2EE availability, but never guesses', async () => {
    const { service, resolutions } = setup([{ rcs: true, features: [], carrier: 'Orange' }, new HubUnavailableException('timeout')]);
    await service.resolve(recipient);
    await service.resolve({ e164: '+33612345679', region: 'FR' }); // hub down: an SMS-only guess
    expect(await resolutions()).toEqual([[{ region: 'FR', carrier: 'Orange', level: 'rcs' }, 1]]);
  });

  it('flags a downgrade against the pin', async () => {
    const pin: CapabilityPin = { pinnedLevel: 'rcs', pinnedAtMs: NOW - 1000, lastLevel: 'rcs', lastSeenAtMs: NOW - 1000 };
    const { service } = setup([{ rcs: false, features: [], carrier: '' }], undefined, false, pin);
    await expect(service.resolve(recipient)).resolves.toMatchObject({ status: 'red', downgradeSuspected: true, pinnedLevel: 'rcs' });
  });

  it('retries the hub and succeeds on a later attempt', async () => {
    const { service, hubCalls } = setup([new HubUnavailableException('http 503'), { rcs: true, features: [], carrier: '' }]);
    await expect(service.resolve(recipient)).resolves.toMatchObject({ source: 'hub', guess: false });
    expect(hubCalls()).toBe(2);
  });

  it('falls back to the stale entry, marked as a guess, without touching the pin', async () => {
    const { service, observed, stored } = setup([new HubUnavailableException('timeout')], { value: fresh, fresh: false, staleForMs: 10 * 60_000 });
    const answer = await service.resolve(recipient);
    expect(answer).toMatchObject({ source: 'cache', guess: true, rcs: true, status: 'amber' });
    expect(answer.statusReason).toContain('not a fresh check');
    expect(observed).toEqual([]);
    expect(stored).toEqual([]);
  });

  it('falls back to the SMS-only default when there is nothing cached, reporting the pin', async () => {
    const pin: CapabilityPin = { pinnedLevel: 'rcs', pinnedAtMs: NOW - 5000, lastLevel: 'rcs', lastSeenAtMs: NOW - 5000 };
    const { service, hubCalls, observed, lookups } = setup([new HubUnavailableException('timeout')], undefined, false, pin);
    await expect(service.resolve(recipient)).resolves.toMatchObject({ source: 'default', guess: true, rcs: false, status: 'red', level: 'sms_only', pinnedLevel: 'rcs', pinnedAtMs: NOW - 5000, downgradeSuspected: false });
    expect(hubCalls()).toBe(config.CAPABILITY_HUB_ATTEMPTS);
    expect(observed).toEqual([]);
    expect(await lookups()).toEqual([['default', 'true', 1]]);
  });

  it('keeps answering from the hub while Redis is down', async () => {
    const { service } = setup([{ rcs: true, features: [], carrier: '' }], undefined, true);
    await expect(service.resolve(recipient)).resolves.toMatchObject({ source: 'hub', rcs: true });
  });

  it('does not turn an unexpected error into a guess', async () => {
    const { service } = setup([new Error('bug')]);
    await expect(service.resolve(recipient)).rejects.toThrow('bug');
  });

  describe('stale-while-revalidate', () => {
    const justExpired = (value: CachedCapability): CacheEntry => ({ value, fresh: false, staleForMs: 5_000 });
    const settle = () => new Promise((resolve) => setImmediate(resolve));

    it('answers a just-expired entry at once and refreshes it with one background query', async () => {
      const { service, hubCalls, stored } = setup([{ rcs: false, features: [], carrier: 'Orange' }], justExpired(fresh));
      const answers = await Promise.all([1, 2, 3, 4, 5].map(() => service.resolve(recipient)));
      expect(answers.every((answer) => answer.source === 'cache' && !answer.guess && answer.rcs)).toBe(true);
      await settle();
      expect(hubCalls()).toBe(1);
      expect(stored).toEqual([expect.objectContaining({ rcs: false, status: 'red' })]);
    });

    it('never serves a stale E2EE claim: an expired green entry is checked before answering', async () => {
      const green: CachedCapability = { ...fresh, inappE2ee: true, level: 'e2ee', status: 'green' };
      const { service, hubCalls } = setup([{ rcs: true, features: [], carrier: 'Orange' }], justExpired(green));
      await expect(service.resolve(recipient)).resolves.toMatchObject({ source: 'hub', inappE2ee: false });
      expect(hubCalls()).toBe(1);
    });

    it('asks the hub first once the entry is older than the window', async () => {
      const { service, hubCalls } = setup([{ rcs: true, features: [], carrier: 'Orange' }], { value: fresh, fresh: false, staleForMs: config.CAPABILITY_SWR_WINDOW_S * 1000 });
      await expect(service.resolve(recipient)).resolves.toMatchObject({ source: 'hub' });
      expect(hubCalls()).toBe(1);
    });
  });

  describe('E2EE signals', () => {
    const rcsAnswer: HubCapability = { rcs: true, features: [], carrier: 'Orange' };

    it('sets rcsE2ee from the UP exchange: level e2ee, green, pinned at e2ee', async () => {
      const { service, observed, upCalls } = setup([rcsAnswer], undefined, false, undefined, { up: { e2ee: true, mlsCipherSuites: ['MLS_128'] } });
      await expect(service.resolve(recipient)).resolves.toMatchObject({ rcs: true, rcsE2ee: true, inappE2ee: false, level: 'e2ee', status: 'green', guess: false });
      expect(observed).toEqual(['e2ee']);
      expect(upCalls()).toBe(1);
    });

    it('never claims rcsE2ee without RCS', async () => {
      const { service } = setup([{ rcs: false, features: [], carrier: '' }], undefined, false, undefined, { up: { e2ee: true, mlsCipherSuites: [] } });
      await expect(service.resolve(recipient)).resolves.toMatchObject({ rcs: false, rcsE2ee: false, level: 'sms_only' });
    });

    it('a failing UP exchange alone gives rcsE2ee=false, not a guess', async () => {
      const { service, upCalls } = setup([rcsAnswer], undefined, false, undefined, { up: new HubUnavailableException('timeout') });
      await expect(service.resolve(recipient)).resolves.toMatchObject({ rcs: true, rcsE2ee: false, status: 'amber', guess: false, source: 'hub' });
      expect(upCalls()).toBe(config.CAPABILITY_HUB_ATTEMPTS);
    });

    it('both failing: a guess, as before', async () => {
      const { service } = setup([new HubUnavailableException('timeout')], undefined, false, undefined, { up: new HubUnavailableException('timeout') });
      await expect(service.resolve(recipient)).resolves.toMatchObject({ source: 'default', guess: true, rcsE2ee: false });
    });

    it('sets inappE2ee from a registered device key: green without RCS', async () => {
      const { service } = setup([{ rcs: false, features: [], carrier: '' }], undefined, false, undefined, { keys: true });
      await expect(service.resolve(recipient)).resolves.toMatchObject({ rcs: false, inappE2ee: true, level: 'e2ee', status: 'green', statusReason: 'End-to-end encrypted in app' });
    });

    it('refreshes a fresh cache entry whose in-app flag disagrees with the key table', async () => {
      const { service, hubCalls } = setup([rcsAnswer], { value: fresh, fresh: true, staleForMs: 0 }, false, undefined, { keys: true });
      await expect(service.resolve(recipient)).resolves.toMatchObject({ source: 'hub', inappE2ee: true, status: 'green' });
      expect(hubCalls()).toBe(1);
    });

    it('answers the cache entry when the key table cannot be read on a hit', async () => {
      const { service, hubCalls } = setup([rcsAnswer], { value: fresh, fresh: true, staleForMs: 0 }, false, undefined, { keys: new Error('db down') });
      await expect(service.resolve(recipient)).resolves.toMatchObject({ source: 'cache', inappE2ee: false });
      expect(hubCalls()).toBe(0);
    });

    it('fails retriably when the key table cannot be read on a hub answer', async () => {
      const { service, observed } = setup([rcsAnswer], undefined, false, undefined, { keys: new Error('db down') });
      await expect(service.resolve(recipient)).rejects.toMatchObject({ code: 'device_keys_unavailable', retriable: true });
      expect(observed).toEqual([]);
    });
  });
});
