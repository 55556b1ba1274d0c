import { CapabilitySource, CapabilityStatus } from '@switchback/contracts';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CapabilityClient, CapabilityUnavailableException, GuessingCapabilityLookup, InvalidRecipientException } from './capability.client';

// capability-discovery as a real HTTP server on 127.0.0.1, answering what each test sets.
describe('CapabilityClient', () => {
  let reply: (url: string, body: string) => { status: number; body?: unknown; delayMs?: number };
  const requests: string[] = [];
  const authorizations: (string | undefined)[] = [];
  let server: Server;
  let client: CapabilityClient;

  beforeAll(async () => {
    server = createServer((request, response) => {
      let received = '';
      request.on('data', (chunk: Buffer) => (received += chunk.toString()));
      request.on('end', () => {
        requests.push(`${request.method} ${request.url}`);
        authorizations.push(request.headers.authorization);
        const { status, body, delayMs = 0 } = reply(request.url ?? '', received);
        setTimeout(() => response.writeHead(status, { 'content-type': 'application/json' }).end(body === undefined ? '' : JSON.stringify(body)), delayMs);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new CapabilityClient({ CAPABILITY_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, CAPABILITY_TIMEOUT_MS: 1_500, CAPABILITY_API_KEY: 'routing-capability-key-0123456789' });
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('presents its service credential on single and batch lookups', async () => {
    authorizations.length = 0;
    reply = (url, body) =>
      url.endsWith(':batchGet')
        ? { status: 200, body: { capabilities: (JSON.parse(body) as { phoneNumbers: string[] }).phoneNumbers.map((phoneNumber) => ({ phoneNumber })) } }
        : { status: 200, body: { phoneNumber: '+447700900123' } };
    await client.resolve('+447700900123');
    await Promise.all([client.resolve('+447700900124'), client.resolve('+447700900125')]);
    expect(authorizations).toEqual(['Bearer routing-capability-key-0123456789', 'Bearer routing-capability-key-0123456789']);
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
    reply = () => ({ status: 200, body: { phoneNumber: '+447700900123' }, delayMs: 2_500 });
    const slow = await client.resolve('+447700900123').catch((error: unknown) => error);
    expect(slow).toBeInstanceOf(CapabilityUnavailableException);
    expect((slow as CapabilityUnavailableException).retriable).toBe(true);
  });

  it('asks once per batch: lookups of one turn share a batchGet, answered in request order', async () => {
    requests.length = 0;
    reply = (url, body) => {
      const numbers = (JSON.parse(body || '{}') as { phoneNumbers?: string[] }).phoneNumbers ?? [];
      return { status: 200, body: { capabilities: numbers.map((phoneNumber, i) => ({ phoneNumber, rcs: i === 0, region: 'GB' })) } };
    };
    const answers = await Promise.all(['+447700900001', '+447700900002', '+447700900001'].map((number) => client.resolve(number)));
    expect(requests).toEqual(['POST /v1/capabilities:batchGet']);
    expect(answers.map((a) => [a.e164, a.capability.rcs])).toEqual([
      ['+447700900001', true],
      ['+447700900002', false],
      ['+447700900001', true],
    ]);
  });

  it('finds the invalid number of a refused batch one by one, and fails a whole batch capability-discovery did not answer', async () => {
    requests.length = 0;
    reply = (url) => {
      if (url.endsWith('batchGet')) return { status: 400 };
      return url.includes('bad') ? { status: 400 } : { status: 200, body: { phoneNumber: decodeURIComponent(url.split('/').pop()!) } };
    };
    const [good, bad] = await Promise.allSettled([client.resolve('+447700900003'), client.resolve('bad')]);
    expect(good).toMatchObject({ status: 'fulfilled', value: { e164: '+447700900003' } });
    expect(bad).toMatchObject({ status: 'rejected', reason: expect.any(InvalidRecipientException) });
    expect(requests).toEqual(['POST /v1/capabilities:batchGet', 'GET /v1/capabilities/%2B447700900003', 'GET /v1/capabilities/bad']);
    reply = () => ({ status: 503 });
    const down = await Promise.allSettled([client.resolve('+447700900003'), client.resolve('+447700900004')]);
    expect(down.map((result) => result.status === 'rejected' && result.reason instanceof CapabilityUnavailableException)).toEqual([true, true]);
  });

  it('gives the dry run the SMS-only guess when capability-discovery cannot answer', async () => {
    reply = () => ({ status: 500 });
    expect(await new GuessingCapabilityLookup(client).lookup('+447700900123')).toMatchObject({ rcs: false, guess: true, source: CapabilitySource.DEFAULT });
  });
});
