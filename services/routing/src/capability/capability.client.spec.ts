import { CapabilitySource, CapabilityStatus } from '@switchback/contracts';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CapabilityClient, CapabilityUnavailableException, GuessingCapabilityLookup, InvalidRecipientException } from './capability.client';

// capability-discovery as a real HTTP server on 127.0.0.1, answering what each test sets.
describe('CapabilityClient', () => {
  let reply: (url: string) => { status: number; body?: unknown; delayMs?: number };
  let server: Server;
  let client: CapabilityClient;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const { status, body, delayMs = 0 } = reply(request.url ?? '');
      setTimeout(() => response.writeHead(status, { 'content-type': 'application/json' }).end(body === undefined ? '' : JSON.stringify(body)), delayMs);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new CapabilityClient({ CAPABILITY_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, CAPABILITY_TIMEOUT_MS: 300 });
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('asks for the number and answers its canonical form and capability', async () => {
    let asked = '';
    reply = (url) => {
      asked = url;
      return { status: 200, body: { phoneNumber: '+447700900123', rcs: true, rcsE2ee: false, region: 'GB', carrier: 'EE', status: 'amber', source: 'cache', checkedAtMs: 5 } };
    };
    const resolved = await client.resolve('+44 7700 900123');
    expect(asked).toBe('/v1/capabilities/%2B44%207700%20900123');
    expect(resolved.e164).toBe('+447700900123');
    expect(resolved.capability).toMatchObject({ rcs: true, rcsE2ee: false, region: 'GB', carrier: 'EE', status: CapabilityStatus.AMBER, source: CapabilitySource.CACHE, checkedAtMs: 5n });
  });

  it('makes a refused number permanent (dead letter) and anything else retriable', async () => {
    reply = () => ({ status: 400, body: { title: 'invalid_recipient' } });
    await expect(client.resolve('12')).rejects.toBeInstanceOf(InvalidRecipientException);
    reply = () => ({ status: 503, body: { title: 'pins_unavailable' } });
    await expect(client.resolve('+447700900123')).rejects.toBeInstanceOf(CapabilityUnavailableException);
    reply = () => ({ status: 200, body: { rcs: true } });
    await expect(client.resolve('+447700900123')).rejects.toThrow('answer without a phone number');
    reply = () => ({ status: 200, body: { phoneNumber: '+447700900123' }, delayMs: 1_000 });
    const slow = await client.resolve('+447700900123').catch((error: unknown) => error);
    expect(slow).toBeInstanceOf(CapabilityUnavailableException);
    expect((slow as CapabilityUnavailableException).retriable).toBe(true);
  });

  it('gives the dry run the SMS-only guess when capability-discovery cannot answer', async () => {
    reply = () => ({ status: 500 });
    expect(await new GuessingCapabilityLookup(client).lookup('+447700900123')).toMatchObject({ rcs: false, guess: true, source: CapabilitySource.DEFAULT });
  });
});
