import { Stack } from '@switchback/stack';
import { eventually, testEnv, uniqueName } from '@switchback/testing';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { RoutingClient, SimulatorClients } from './support/stack-clients';

// Status callbacks on the compiled platform: tenant 'demo' registers an endpoint (a real HTTP
// receiver on 127.0.0.1) with webhook-dispatcher, sends through routing, and receives signed
// Standard Webhooks for each message: one plain RCS delivery and one RCS leg the hub answers 404,
// which falls over to SMS. Real Kafka, Postgres and Redis; the simulators play the carriers.
const root = path.resolve(__dirname, '../..');
const CANARY = 'cb-canary-7d41e2';
/** An ordinary RCS-capable number: delivered on leg 1. */
const RCS = '+447700900401';
/** RCS-capable at the capability check, 404 on every send: leg 2 goes on SMS. */
const GONE = '+447700900402';
const NUMBERS = /447700900(401|402)/;

interface Received {
  readonly headers: Record<string, string>;
  readonly body: string;
}

interface Verified {
  readonly id: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

describe('callbacks: signed status webhooks to a tenant endpoint, one message.terminal per message', () => {
  const namespace = uniqueName('cb').replace(/-/g, '_');
  const logDir = path.join(root, '.tools', 'logs', namespace);
  const stack = new Stack({ distDir: path.join(root, 'dist'), logDir, kafkaBrokers: testEnv.kafkaBrokers.join(','), namespace, basePort: 5100, databaseUrl: testEnv.databaseUrl, redisUrl: testEnv.redisUrl, smsOnlyPrefixes: ['+4477009009'], logLevel: 'debug' });
  const routing = new RoutingClient(stack);
  const sims = new SimulatorClients(stack);
  const received: Received[] = [];
  let server: Server;
  let url: string;
  let secret: string;
  const ids: Record<'rcs' | 'gone', string> = { rcs: '', gone: '' };

  const webhooks = (method: string, suffix: string, body?: unknown): Promise<Response> =>
    fetch(`http://127.0.0.1:${stack.ports['webhook-dispatcher']}/v1/webhooks${suffix}`, {
      method,
      headers: { authorization: `Bearer ${stack.demoApiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });

  /** Every request the receiver got, verified with the endpoint's secret (throws on a bad signature). */
  const verified = (): Verified[] =>
    received.map(({ headers, body }) => {
      const payload = new Webhook(secret).verify(body, headers) as { type: string; data: Record<string, unknown> };
      return { id: headers['webhook-id']!, type: payload.type, data: payload.data };
    });
  const of = (messageId: string, type?: string): Verified[] => verified().filter((hook) => hook.data['message_id'] === messageId && (type === undefined || hook.type === type));

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ headers: Object.fromEntries(Object.entries(request.headers).map(([key, value]) => [key, String(value)])), body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/switchback`;
    await stack.start();
    await sims.setHubProfile(GONE, { rcs: true, sendNotFound: true });
    // As in failover.e2e-spec.ts: one failover allowed for the tenant's transactional sends.
    const rule = { deliveryTimeoutS: 30, maxFailovers: 1 };
    expect((await routing.putPolicy('demo', { failover: { transactional: rule, default: rule } })).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await stack.stop();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }, 60_000);

  it('registers the endpoint with PUT /v1/webhooks/{id}: 201 with the whsec_ secret once; the tenant key is required', async () => {
    const anonymous = await fetch(`http://127.0.0.1:${stack.ports['webhook-dispatcher']}/v1/webhooks/main`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url, eventTypes: ['message.terminal'] }) });
    expect(anonymous.status).toBe(401);
    const created = await webhooks('PUT', '/main', { url, eventTypes: ['message.accepted', 'message.decided', 'message.delivered', 'message.failed', 'message.terminal'] });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: string; enabled: boolean; secret: string };
    expect(body).toMatchObject({ id: 'main', enabled: true, secret: expect.stringMatching(/^whsec_/) });
    secret = body.secret;
    const listed = await webhooks('GET', '/main');
    expect(listed.status).toBe(200);
    expect(await listed.json()).not.toHaveProperty('secret');
  });

  it('sends a delivered RCS message and an RCS leg that fails over to SMS: each ends with exactly one signed message.terminal', async () => {
    ids.rcs = await routing.submit(`${namespace}-rcs`, { to: RCS, text: `Your order shipped ${CANARY}`, trafficType: 'transactional' });
    ids.gone = await routing.submit(`${namespace}-gone`, { to: GONE, text: `Your parcel is out for delivery ${CANARY}`, trafficType: 'transactional' });
    await eventually(async () => {
      expect(of(ids.rcs, 'message.terminal')).toHaveLength(1);
      expect(of(ids.gone, 'message.terminal')).toHaveLength(1);
    }, 60_000, 250);
    // Late duplicates would show up here: give the consumer's retries a moment.
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    const [rcsTerminal] = of(ids.rcs, 'message.terminal');
    expect(of(ids.rcs, 'message.terminal')).toHaveLength(1);
    expect(rcsTerminal!.data).toMatchObject({ message_id: ids.rcs, status: 'delivered', channel: 'rcs', leg: 1, legs_dispatched: 1 });
    const [goneTerminal] = of(ids.gone, 'message.terminal');
    expect(of(ids.gone, 'message.terminal')).toHaveLength(1);
    expect(goneTerminal!.data).toMatchObject({ message_id: ids.gone, status: 'delivered', channel: 'sms', leg: 2, legs_dispatched: 2 });

    // The lifecycle before the terminal: accepted once, a decision per leg, the failed RCS leg.
    expect(of(ids.rcs, 'message.accepted')).toHaveLength(1);
    expect(of(ids.rcs, 'message.decided').map((hook) => hook.data)).toEqual([expect.objectContaining({ channel: 'rcs', leg: 1 })]);
    expect(of(ids.gone, 'message.accepted')).toHaveLength(1);
    expect(of(ids.gone, 'message.decided').map((hook) => hook.data['leg']).sort()).toEqual([1, 2]);
    expect(of(ids.gone, 'message.decided').find((hook) => hook.data['leg'] === 2)!.data).toMatchObject({ channel: 'sms', failover_from_leg: 1 });
    expect(of(ids.gone, 'message.failed').map((hook) => hook.data)).toEqual([expect.objectContaining({ channel: 'rcs', leg: 1, status: 'unreachable' })]);
    await eventually(async () => expect(of(ids.gone, 'message.delivered').map((hook) => hook.data)).toEqual([expect.objectContaining({ channel: 'sms', leg: 2 })]), 15_000, 250);

    // Each webhook id is sent once to this (always answering 2xx) endpoint.
    const webhookIds = received.map(({ headers }) => headers['webhook-id']);
    expect(new Set(webhookIds).size).toBe(webhookIds.length);
  }, 90_000);

  it('signs every request as Standard Webhooks: each one verifies, and a tampered body or another secret does not', () => {
    expect(received.length).toBeGreaterThanOrEqual(8);
    for (const { headers } of received) {
      expect(headers).toMatchObject({ 'content-type': expect.stringContaining('application/json'), 'webhook-id': expect.stringMatching(/^msg_/), 'webhook-timestamp': expect.stringMatching(/^\d+$/), 'webhook-signature': expect.stringMatching(/^v1,/) });
    }
    expect(() => verified()).not.toThrow();
    const { headers, body } = received[0]!;
    expect(() => new Webhook(secret).verify(body.replace('"message_id"', '"message_id" '), headers)).toThrow();
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(body, headers)).toThrow();
  });

  it('keeps the text and the numbers out of every callback, and out of webhook-dispatcher\'s debug log', () => {
    for (const { headers, body } of received) {
      const request = JSON.stringify({ headers, body });
      expect({ body, canary: request.includes(CANARY), number: NUMBERS.test(request) }).toEqual({ body, canary: false, number: false });
    }
    const log = readFileSync(path.join(logDir, 'webhook-dispatcher.log'), 'utf8');
    expect({ canary: log.includes(CANARY), number: NUMBERS.test(log) }).toEqual({ canary: false, number: false });
  });
});
