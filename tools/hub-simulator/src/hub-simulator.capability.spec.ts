import { startHubSimulator, type HubSimulator } from './hub-simulator';
import { DEFAULT_FEATURES } from './profiles/number-profile';
import { queryCapabilities } from './testing/hub-requests';

describe('hub simulator: capabilities', () => {
  let hub: HubSimulator;

  beforeEach(async () => {
    hub = await startHubSimulator({
      clientToken: 'token',
      defaultProfile: { rcs: true },
      profiles: { '+447700900123': { rcs: true, features: ['REVOCATION'] }, '+15550001111': { rcs: false } },
      prefixProfiles: [
        { prefix: '+1555', profile: { rcs: false } },
        { prefix: '+15559', profile: { rcs: true } },
      ],
    });
  });

  afterEach(() => hub.close());

  it('answers 200 with the default features for an RCS-capable number', async () => {
    const answer = await queryCapabilities(hub.url, '+33612345678');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ features: [...DEFAULT_FEATURES] });
  });

  it('answers with the features of an exact profile', async () => {
    expect((await queryCapabilities(hub.url, '+447700900123')).body).toEqual({ features: ['REVOCATION'] });
  });

  it('answers 404 in Google error shape for a number without RCS', async () => {
    const answer = await queryCapabilities(hub.url, '+15550001111');
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' } });
  });

  it('resolves by longest prefix: +1555 is SMS-only, +15559 is RCS again', async () => {
    expect((await queryCapabilities(hub.url, '+15551230000')).status).toBe(404);
    expect((await queryCapabilities(hub.url, '+15559870000')).status).toBe(200);
  });

  it('rejects a requestId that is not a UUID with 400 INVALID_ARGUMENT', async () => {
    const answer = await queryCapabilities(hub.url, '+33612345678', 'not-a-uuid');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
    expect(hub.stats().capabilityQueries).toBe(0);
  });

  it('rejects a phone number that is not E.164 with 400', async () => {
    expect((await queryCapabilities(hub.url, '0612345678')).status).toBe(400);
  });

  it('answers a scripted 429 with Retry-After for the next N requests, then succeeds', async () => {
    hub.setProfile('+33698765432', { rcs: true, failNext: { status: 429, count: 2, retryAfterSeconds: 3 } });
    const first = await queryCapabilities(hub.url, '+33698765432');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('3');
    expect(first.body).toMatchObject({ error: { code: 429, status: 'RESOURCE_EXHAUSTED' } });
    expect((await queryCapabilities(hub.url, '+33698765432')).status).toBe(429);
    expect((await queryCapabilities(hub.url, '+33698765432')).status).toBe(200);
    expect(hub.stats()).toMatchObject({ scriptedFailures: 2, capabilityQueries: 1 });
  });

  it('answers a scripted 503 without Retry-After', async () => {
    hub.setProfile('+33698765432', { rcs: true, failNext: { status: 503, count: 1 } });
    const answer = await queryCapabilities(hub.url, '+33698765432');
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBeNull();
    expect(answer.body).toMatchObject({ error: { status: 'UNAVAILABLE' } });
  });

  it('adds the profile latency before answering', async () => {
    hub.setProfile('+33698765432', { rcs: true, latencyMs: 120 });
    const started = performance.now();
    await queryCapabilities(hub.url, '+33698765432');
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('answers unknown routes with a 404 JSON body', async () => {
    const response = await fetch(`${hub.url}/v2/nothing`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { status: 'NOT_FOUND' } });
  });
});
