import { createHmac } from 'node:crypto';
import { createServer } from 'node:net';
import { startHubSimulator, type HubSimulator } from './hub-simulator';
import type { HubSimulatorOptions } from './hub-options';
import { sendAgentMessage } from './testing/hub-requests';
import { recordLogs } from '@switchback/simulator-support';
import { startWebhookReceiver, type WebhookReceiver } from './testing/rbm-webhook.receiver';

const PHONE = '+447700900123';
const TOKEN = 'client-token-for-tests';
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A port nothing listens on: bind an ephemeral one, then release it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('hub simulator: webhooks', () => {
  let receiver: WebhookReceiver;
  let hub: HubSimulator | undefined;

  const start = async (options: Partial<HubSimulatorOptions> = {}) => {
    hub = await startHubSimulator({ clientToken: TOKEN, agentId: 'agent-7', webhookUrl: receiver.url, deliveryDelayMs: 10, webhookRetry: { attempts: 3, initialDelayMs: 10 }, ...options });
    return hub;
  };

  beforeEach(async () => {
    receiver = await startWebhookReceiver();
  });

  afterEach(async () => {
    await hub?.close();
    hub = undefined;
    await receiver.close();
  });

  it('pushes DELIVERED as a signed Pub/Sub message in the RBM event format', async () => {
    const sim = await start();
    await sendAgentMessage(sim.url, PHONE, 'm-1', { contentMessage: { text: 'hi' } });
    const push = await receiver.waitFor((p) => p.event['eventType'] === 'DELIVERED');

    // Verified independently of the simulator's signing code.
    const expected = createHmac('sha512', TOKEN).update(Buffer.from(push.body.message.data, 'base64')).digest('base64');
    expect(push.signature).toBe(expected);
    expect(push.body).toEqual({
      message: { data: expect.any(String), messageId: expect.stringMatching(/^\d+$/), publishTime: expect.stringMatching(RFC3339) },
      subscription: 'projects/sim/subscriptions/rbm',
    });
    expect(push.event).toEqual({
      eventType: 'DELIVERED',
      eventId: expect.stringMatching(UUID),
      messageId: 'm-1',
      senderPhoneNumber: PHONE,
      sendTime: expect.stringMatching(RFC3339),
      agentId: 'agent-7',
    });
    expect(sim.messages()[0]?.state).toBe('delivered');
  });

  it('fails verification with another client token', async () => {
    const sim = await start();
    await sendAgentMessage(sim.url, PHONE, 'm-1', { contentMessage: { text: 'hi' } });
    const push = await receiver.waitFor(() => true);
    expect(createHmac('sha512', 'wrong-token').update(push.data).digest('base64')).not.toBe(push.signature);
  });

  it('pushes READ after readDelayMs', async () => {
    const logs = recordLogs();
    const sim = await start({ readDelayMs: 10, log: logs.log });
    await sendAgentMessage(sim.url, PHONE, 'm-read', { contentMessage: { text: 'hi' } });
    const read = await receiver.waitFor((p) => p.event['eventType'] === 'READ');
    await logs.waitFor((e) => e.event === 'webhook.sent' && e['eventType'] === 'READ');
    expect(read.event).toMatchObject({ messageId: 'm-read', senderPhoneNumber: PHONE });
    expect(sim.messages()[0]?.state).toBe('read');
    expect(sim.stats()).toMatchObject({ delivered: 1, read: 1, webhooksSent: 2 });
  });

  it('retries a push the receiver answered with 500, with the same Pub/Sub message', async () => {
    const logs = recordLogs();
    const sim = await start({ log: logs.log });
    receiver.failNext(500);
    await sendAgentMessage(sim.url, PHONE, 'm-retry', { contentMessage: { text: 'hi' } });
    const accepted = await receiver.waitFor((p) => p.answeredStatus === 200);
    await logs.waitFor('webhook.sent');
    expect(receiver.pushes.map((p) => p.answeredStatus)).toEqual([500, 200]);
    expect(receiver.pushes[0]!.body.message.messageId).toBe(accepted.body.message.messageId);
    expect(receiver.pushes[0]!.event['eventId']).toBe(accepted.event['eventId']);
    expect(sim.stats()).toMatchObject({ webhooksSent: 1, webhookFailures: 1, webhooksAbandoned: 0 });
  });

  it('gives up after the configured attempts', async () => {
    const logs = recordLogs();
    const sim = await start({ log: logs.log, webhookRetry: { attempts: 2, initialDelayMs: 5 } });
    receiver.failNext(503, 503);
    await sendAgentMessage(sim.url, PHONE, 'm-lost', { contentMessage: { text: 'hi' } });
    await logs.waitFor('webhook.abandoned');
    expect(receiver.pushes).toHaveLength(2);
    expect(sim.stats()).toMatchObject({ webhooksSent: 0, webhookFailures: 2, webhooksAbandoned: 1 });
  });

  it('retries when the receiver is not listening', async () => {
    const logs = recordLogs();
    const sim = await start({ log: logs.log, webhookUrl: `http://127.0.0.1:${await closedPort()}/hook`, webhookRetry: { attempts: 2, initialDelayMs: 5 } });
    await sendAgentMessage(sim.url, PHONE, 'm-refused', { contentMessage: { text: 'hi' } });
    await logs.waitFor('webhook.abandoned');
    expect(logs.events.filter((e) => e.event === 'webhook.failed').map((e) => e['reason'])).toEqual(['ECONNREFUSED', 'ECONNREFUSED']);
  });

  it('revokes an undelivered message when its ttl runs out and pushes TTL_EXPIRATION_REVOKED', async () => {
    const sim = await start({ defaultProfile: { rcs: true, offline: true } });
    await sendAgentMessage(sim.url, PHONE, 'm-ttl', { contentMessage: { text: 'hi' }, ttl: '0.05s' });
    const push = await receiver.waitFor(() => true);
    expect(push.event).toEqual({
      eventType: 'TTL_EXPIRATION_REVOKED',
      eventId: expect.stringMatching(UUID),
      messageId: 'm-ttl',
      phoneNumber: PHONE,
      sendTime: expect.stringMatching(RFC3339),
      agentId: 'agent-7',
    });
    expect(sim.messages()[0]?.state).toBe('expired');
  });

  it('delivers messages that waited for an offline number once it comes online', async () => {
    const sim = await start();
    sim.setProfile(PHONE, { rcs: true, offline: true });
    await sendAgentMessage(sim.url, PHONE, 'm-wait', { contentMessage: { text: 'hi' } });
    expect(sim.messages()[0]?.state).toBe('pending');
    sim.setProfile(PHONE, { rcs: true });
    await expect(receiver.waitFor((p) => p.event['messageId'] === 'm-wait')).resolves.toBeDefined();
  });

  it('sends no webhooks without a webhookUrl but still tracks delivery', async () => {
    const sim = await start({ webhookUrl: undefined });
    await sendAgentMessage(sim.url, PHONE, 'm-quiet', { contentMessage: { text: 'hi' } });
    await sim.waitForMessage((m) => m.state === 'delivered');
    expect(sim.stats()).toMatchObject({ delivered: 1, webhooksSent: 0, webhookFailures: 0 });
  });

  it('logs ids and lengths, never the text or the number', async () => {
    const logs = recordLogs();
    const sim = await start({ log: logs.log });
    await sendAgentMessage(sim.url, PHONE, 'm-log', { contentMessage: { text: 'very secret words' } });
    await logs.waitFor('webhook.sent');
    const dump = JSON.stringify(logs.events);
    expect(dump).not.toContain('very secret words');
    expect(dump).not.toContain(PHONE.slice(1));
    expect(logs.events).toContainEqual(expect.objectContaining({ event: 'agent_message.accepted', messageId: 'm-log', textLength: 17 }));
  });
});
