import { NO_RBM_AUTH } from '@switchback/rbm-auth';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { capabilityDiscoveryConfigSchema } from '../config/capability-discovery.config';
import { HubUnavailableException } from './capability.exception';
import { mapUpCapability, UpHubClient } from './up-hub.client';

const NOW = Date.UTC(2026, 10, 23);
const later = new Date(NOW + 60_000).toISOString();

describe('mapUpCapability', () => {
  it('maps a valid e2ee answer with its cipher suites', () => {
    expect(mapUpCapability({ e2ee: true, mlsCipherSuites: ['MLS_128', 7], validUntil: later }, NOW)).toEqual({ e2ee: true, mlsCipherSuites: ['MLS_128'] });
  });

  it('reads e2ee=false as no E2EE', () => {
    expect(mapUpCapability({ e2ee: false, mlsCipherSuites: ['MLS_128'], validUntil: later }, NOW)).toEqual({ e2ee: false, mlsCipherSuites: [] });
  });

  it.each<[unknown, string]>([
    [{ e2ee: true, validUntil: new Date(NOW - 1).toISOString() }, 'expired'],
    [{ e2ee: true }, 'no validUntil'],
    [{ e2ee: true, validUntil: 'soon' }, 'malformed validUntil'],
    [{ e2ee: 'true', validUntil: later }, 'a string, not true'],
    [null, 'no body'],
  ])('claims no E2EE for %j (%s)', (body) => {
    expect(mapUpCapability(body, NOW).e2ee).toBe(false);
  });
});

describe('UpHubClient', () => {
  let server: Server;
  let reply: { status: number; body: unknown } = { status: 200, body: {} };
  let seen = '';
  let client: UpHubClient;

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen = request.url ?? '';
      response.writeHead(reply.status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(reply.body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const config = capabilityDiscoveryConfigSchema.parse({ IDENTIFIER_HASH_KEY: 'unit-test-key-0123456789', RBM_AUTH: 'none', HUB_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    client = new UpHubClient(config, NO_RBM_AUTH);
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('queries the UP endpoint with the encoded number and a request id', async () => {
    reply = { status: 200, body: { e2ee: true, mlsCipherSuites: ['MLS_128'], validUntil: later } };
    await expect(client.capabilities('+447700900123', 1000, NOW)).resolves.toEqual({ e2ee: true, mlsCipherSuites: ['MLS_128'] });
    expect(seen).toMatch(/^\/v1\/phones\/%2B447700900123\/upCapabilities\?requestId=[0-9a-f-]{36}$/);
  });

  it('reads 404 as no E2EE', async () => {
    reply = { status: 404, body: { error: { status: 'NOT_FOUND' } } };
    await expect(client.capabilities('+447700900123', 1000, NOW)).resolves.toEqual({ e2ee: false, mlsCipherSuites: [] });
  });

  it('turns a server error into a retriable HubUnavailableException', async () => {
    reply = { status: 503, body: {} };
    await expect(client.capabilities('+447700900123', 1000, NOW)).rejects.toBeInstanceOf(HubUnavailableException);
  });
});
