import { startHubSimulator, type HubSimulator } from './hub-simulator';
import { adminCall, queryCapabilities, sendAgentMessage } from './testing/hub-requests';
import { startWebhookReceiver, type WebhookReceiver } from './testing/rbm-webhook.receiver';

const PHONE = '+33612345678';
const openUrl = (text: string) => ({ contentMessage: { text, suggestions: [{ action: { text: 'Open', postbackData: 'open', openUrlAction: { url: 'https://example.com/x' } } }] } });

describe('hub simulator: device features, storms, metering, revoke races', () => {
  let hub: HubSimulator;
  let receiver: WebhookReceiver;

  beforeEach(async () => {
    receiver = await startWebhookReceiver();
    hub = await startHubSimulator({ clientToken: 'token', webhookUrl: receiver.url, deliveryDelayMs: 10, webhookRetry: { attempts: 2, initialDelayMs: 10 } });
  });

  afterEach(async () => {
    await hub.close();
    await receiver.close();
  });

  it('answers 400 for a suggested action on a basic device, accepts the plain variant under the same messageId', async () => {
    hub.setProfile(PHONE, { rcs: true, basic: true });
    expect((await queryCapabilities(hub.url, PHONE)).body).toEqual({ features: [] });
    const rich = await sendAgentMessage(hub.url, PHONE, 'm-rich', openUrl('See https://example.com/x'));
    expect(rich.status).toBe(400);
    expect(rich.body).toMatchObject({ error: { status: 'INVALID_ARGUMENT', message: expect.stringContaining('ACTION_OPEN_URL') } });
    const plain = await sendAgentMessage(hub.url, PHONE, 'm-rich', { contentMessage: { text: 'See https://example.com/x' } });
    expect(plain.status).toBe(200);
    expect(hub.messages()).toEqual([expect.objectContaining({ messageId: 'm-rich', contentKind: 'text', posts: 2 })]);
    expect(hub.stats()).toMatchObject({ unsupportedContent: 1, sends: 1, agentMessagePosts: 2 });
  });

  it('accepts the same suggested action on a capable device', async () => {
    expect((await sendAgentMessage(hub.url, PHONE, 'm-ok', openUrl('hi'))).status).toBe(200);
  });

  it('plays a scripted 503 storm with Retry-After, then accepts; the hub counts every POST of the messageId', async () => {
    await adminCall(hub.url, 'PUT', `/_sim/numbers/${encodeURIComponent(PHONE)}`, { rcs: true, failNext: { status: 503, count: 2, retryAfterSeconds: 3 } });
    const first = await sendAgentMessage(hub.url, PHONE, 'm-storm', { contentMessage: { text: 'x' } });
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('3');
    expect((await sendAgentMessage(hub.url, PHONE, 'm-storm', { contentMessage: { text: 'x' } })).status).toBe(503);
    expect((await sendAgentMessage(hub.url, PHONE, 'm-storm', { contentMessage: { text: 'x' } })).status).toBe(200);
    await receiver.waitFor((p) => p.event['messageId'] === 'm-storm');
    expect(hub.messages()[0]).toMatchObject({ posts: 3, state: 'delivered' });
    expect(hub.stats()).toMatchObject({ scriptedFailures: 2, sends: 1, delivered: 1 });
    expect(receiver.pushes.filter((p) => p.event['messageId'] === 'm-storm')).toHaveLength(1);
  });

  it('answers a scripted 500 without Retry-After unless the script sets one, and 403 as PERMISSION_DENIED', async () => {
    hub.setProfile(PHONE, { rcs: true, failNext: { status: 500, count: 1 } });
    expect((await sendAgentMessage(hub.url, PHONE, 'a', { contentMessage: { text: 'x' } })).headers.get('retry-after')).toBeNull();
    hub.setProfile(PHONE, { rcs: true, failNext: { status: 403, count: 1 } });
    expect((await sendAgentMessage(hub.url, PHONE, 'a', { contentMessage: { text: 'x' } })).body).toMatchObject({ error: { code: 403, status: 'PERMISSION_DENIED' } });
  });

  it('meters concurrent POSTs and the busiest second (GET /_sim/stats)', async () => {
    hub.setProfile(PHONE, { rcs: true, latencyMs: 40 });
    await Promise.all(Array.from({ length: 5 }, (_, i) => sendAgentMessage(hub.url, PHONE, `c-${i}`, { contentMessage: { text: 'x' } })));
    const stats = (await adminCall(hub.url, 'GET', '/_sim/stats')).body;
    expect(stats).toMatchObject({ maxConcurrentSends: 5, peakSendsPerSecond: 5, agentMessagePosts: 5 });
  });

  it('reports TTL_EXPIRATION_REVOKE_FAILED when the revocation loses, and still delivers once online', async () => {
    hub.setProfile(PHONE, { rcs: true, offline: true, ttlRevokeFails: true });
    await sendAgentMessage(hub.url, PHONE, 'm-race', { contentMessage: { text: 'x' }, ttl: '0.03s' });
    const failed = await receiver.waitFor((p) => p.event['eventType'] === 'TTL_EXPIRATION_REVOKE_FAILED');
    expect(failed.event).toMatchObject({ messageId: 'm-race', phoneNumber: PHONE });
    expect(hub.messages()[0]?.state).toBe('pending');
    hub.setProfile(PHONE, { rcs: true });
    await receiver.waitFor((p) => p.event['eventType'] === 'DELIVERED' && p.event['messageId'] === 'm-race');
    expect(hub.stats()).toMatchObject({ ttlRevokeFailures: 1, expired: 0, delivered: 1 });
  });

  it('uses per-number delivery and read delays', async () => {
    hub.setProfile(PHONE, { rcs: true, deliveryDelayMs: 0, readDelayMs: 5 });
    await sendAgentMessage(hub.url, PHONE, 'm-fast', { contentMessage: { text: 'x' } });
    await receiver.waitFor((p) => p.event['eventType'] === 'READ' && p.event['messageId'] === 'm-fast');
    expect(hub.messages()[0]?.state).toBe('read');
  });
});
