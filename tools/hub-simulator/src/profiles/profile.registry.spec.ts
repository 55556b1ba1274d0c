import { ProfileRegistry } from './profile.registry';

describe('ProfileRegistry', () => {
  const registry = () =>
    new ProfileRegistry({
      defaultProfile: { rcs: true },
      profiles: { '+15550000001': { rcs: true, features: ['REVOCATION'] } },
      prefixProfiles: [
        { prefix: '+1555', profile: { rcs: false } },
        { prefix: '+1555', profile: { rcs: true, offline: true } },
        { prefix: '+44', profile: { rcs: true, failNext: { status: 503, count: 1 } } },
      ],
    });

  it('prefers an exact entry, then the longest prefix (earlier on a tie), then the default', () => {
    const profiles = registry();
    expect(profiles.resolve('+15550000001').features).toEqual(['REVOCATION']);
    expect(profiles.resolve('+15550000002')).toEqual({ rcs: false });
    expect(profiles.resolve('+33600000000')).toEqual({ rcs: true });
  });

  it('counts the scripted failures of a prefix profile per number', () => {
    const profiles = registry();
    expect(profiles.takeFailure('+447700900001')?.status).toBe(503);
    expect(profiles.takeFailure('+447700900001')).toBeUndefined();
    expect(profiles.takeFailure('+447700900002')?.status).toBe(503);
  });

  it('gives a number a fresh failure budget when its profile is set again, and forgets overrides on reset', () => {
    const profiles = registry();
    profiles.set('+33600000000', { rcs: true, failNext: { status: 429, count: 1 } });
    expect(profiles.takeFailure('+33600000000')?.status).toBe(429);
    expect(profiles.takeFailure('+33600000000')).toBeUndefined();
    profiles.set('+33600000000', { rcs: true, failNext: { status: 429, count: 1 } });
    expect(profiles.takeFailure('+33600000000')?.status).toBe(429);
    profiles.reset();
    expect(profiles.resolve('+33600000000')).toEqual({ rcs: true });
  });
});
