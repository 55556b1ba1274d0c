import { startHubSimulator, type HubSimulator } from './hub-simulator';
import { UP_MLS_CIPHER_SUITES } from './routes/up-capability.handler';
import { queryUpCapabilities } from './testing/hub-requests';

describe('hub simulator: Universal Profile capabilities', () => {
  let hub: HubSimulator;

  beforeEach(async () => {
    hub = await startHubSimulator({
      clientToken: 'token',
      defaultProfile: { rcs: true },
      profiles: { '+447700900123': { rcs: true, e2ee: true }, '+15550001111': { rcs: false, e2ee: true } },
    });
  });

  afterEach(() => hub.close());

  it('answers e2ee=true with MLS cipher suites and a future validUntil for an E2EE profile', async () => {
    const answer = await queryUpCapabilities(hub.url, '+447700900123');
    expect(answer.status).toBe(200);
    const body = answer.body as { e2ee: boolean; mlsCipherSuites: string[]; validUntil: string };
    expect(body).toMatchObject({ e2ee: true, mlsCipherSuites: [...UP_MLS_CIPHER_SUITES] });
    expect(Date.parse(body.validUntil)).toBeGreaterThan(Date.now());
  });

  it('answers e2ee=false with no cipher suites for an RCS profile without E2EE', async () => {
    const answer = await queryUpCapabilities(hub.url, '+33612345678');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ e2ee: false, mlsCipherSuites: [] });
  });

  it('answers 404 for a number without RCS, even if its profile says e2ee', async () => {
    const answer = await queryUpCapabilities(hub.url, '+15550001111');
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ error: { code: 404, status: 'NOT_FOUND' } });
  });

  it('follows a profile changed at run time', async () => {
    hub.setProfile('+33698765432', { rcs: true, e2ee: true });
    expect((await queryUpCapabilities(hub.url, '+33698765432')).body).toMatchObject({ e2ee: true });
  });

  it('rejects a requestId that is not a UUID and a number that is not E.164 with 400', async () => {
    expect((await queryUpCapabilities(hub.url, '+33612345678', 'not-a-uuid')).status).toBe(400);
    expect((await queryUpCapabilities(hub.url, '0612345678')).status).toBe(400);
  });

  it('leaves scripted failures to the RBM endpoints', async () => {
    hub.setProfile('+33698765432', { rcs: true, e2ee: true, failNext: { status: 503, count: 1 } });
    expect((await queryUpCapabilities(hub.url, '+33698765432')).status).toBe(200);
    expect(hub.stats()).toMatchObject({ scriptedFailures: 0, capabilityQueries: 0 });
  });
});
