import { startHubSimulator, type HubSimulator } from './hub-simulator';
import { startWebhookReceiver, type WebhookReceiver } from './testing/rbm-webhook.receiver';
import { queryCapabilities, revokeAgentMessage, sendAgentMessage } from './testing/hub-requests';

const RCS = '+33612345678';
const SMS_ONLY = '+15550001111';

describe('hub simulator: agentMessages', () => {
  let hub: HubSimulator;
  let receiver: WebhookReceiver;

  beforeEach(async () => {
    receiver = await startWebhookReceiver();
    hub = await startHubSimulator({
      clientToken: 'token',
      webhookUrl: receiver.url,
      deliveryDelayMs: 20,
      prefixProfiles: [{ prefix: '+1555', profile: { rcs: false } }],
    });
  });

  afterEach(async () => {
    await hub.close();
    await receiver.close();
  });

  it('accepts a text message with 200 and the RBM resource shape', async () => {
    const answer = await sendAgentMessage(hub.url, RCS, 'msg-1', { contentMessage: { text: 'Your code is 123456' }, ttl: '60s' });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      name: `phones/${RCS}/agentMessages/msg-1`,
      sendTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
      contentMessage: { text: 'Your code is 123456' },
      ttl: '60s',
    });
    const [message] = hub.messages();
    expect(message).toMatchObject({ messageId: 'msg-1', phone: RCS, text: 'Your code is 123456', textLength: 19, contentKind: 'text', state: 'pending' });
    expect(message!.expiresAt).not.toBeNull();
  });

  it('delivers a message once even when its messageId is sent again', async () => {
    const first = await sendAgentMessage(hub.url, RCS, 'msg-dup', { contentMessage: { text: 'hello' } });
    const again = await sendAgentMessage(hub.url, RCS, 'msg-dup', { contentMessage: { text: 'hello' } });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body); // same sendTime: the first answer replayed
    // Same delay, sent later: once its DELIVERED arrives, any second delivery of msg-dup would have fired.
    await sendAgentMessage(hub.url, RCS, 'msg-after', { contentMessage: { text: 'later' } });
    await receiver.waitFor((p) => p.event['messageId'] === 'msg-after');
    await hub.waitForMessage((m) => m.messageId === 'msg-dup' && m.state === 'delivered');
    expect(receiver.pushes.filter((p) => p.event['messageId'] === 'msg-dup')).toHaveLength(1);
    expect(hub.messages()).toHaveLength(2);
    expect(hub.stats()).toMatchObject({ sends: 2, duplicates: 1, delivered: 2 });
  });

  it('refuses a messageId already used for another number with 409', async () => {
    await sendAgentMessage(hub.url, RCS, 'msg-x', { contentMessage: { text: 'a' } });
    const answer = await sendAgentMessage(hub.url, '+33600000000', 'msg-x', { contentMessage: { text: 'a' } });
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ error: { status: 'ALREADY_EXISTS' } });
  });

  it('answers 404 for a number without RCS and stores nothing', async () => {
    const answer = await sendAgentMessage(hub.url, SMS_ONLY, 'msg-2', { contentMessage: { text: 'hello' } });
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ error: { code: 404, status: 'NOT_FOUND' } });
    expect(hub.messages()).toEqual([]);
  });

  it('answers 404 to a send for a capable number whose profile says sendNotFound, stores nothing, and recovers when the profile changes', async () => {
    hub.setProfile(RCS, { rcs: true, sendNotFound: true });
    expect((await queryCapabilities(hub.url, RCS)).status).toBe(200);
    const answer = await sendAgentMessage(hub.url, RCS, 'msg-gone', { contentMessage: { text: 'hello' } });
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ error: { code: 404, status: 'NOT_FOUND' } });
    expect(hub.messages()).toEqual([]);
    expect(hub.stats()).toMatchObject({ sends: 0, sendsNotFound: 1 });
    hub.setProfile(RCS, { rcs: true });
    expect((await sendAgentMessage(hub.url, RCS, 'msg-back', { contentMessage: { text: 'hello' } })).status).toBe(200);
  });

  it.each([
    ['no messageId', undefined, { contentMessage: { text: 'x' } }],
    ['invalid JSON', 'm1', '{"contentMessage":'],
    ['no body', 'm1', ''],
    ['no contentMessage', 'm1', { text: 'x' }],
    ['two content kinds', 'm1', { contentMessage: { text: 'x', richCard: {} } }],
    ['empty text', 'm1', { contentMessage: { text: '' } }],
    ['text over 3072 characters', 'm1', { contentMessage: { text: 'x'.repeat(3073) } }],
    ['a malformed ttl', 'm1', { contentMessage: { text: 'x' }, ttl: '60' }],
    ['both ttl and expireTime', 'm1', { contentMessage: { text: 'x' }, ttl: '60s', expireTime: '2030-01-01T00:00:00Z' }],
  ])('answers 400 INVALID_ARGUMENT for %s', async (_case, messageId, body) => {
    const answer = await sendAgentMessage(hub.url, RCS, messageId, body);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
    expect(hub.messages()).toEqual([]);
  });

  it('accepts a rich card (no text) and records its kind', async () => {
    const answer = await sendAgentMessage(hub.url, RCS, 'card-1', { contentMessage: { richCard: { standaloneCard: {} } }, expireTime: '2099-01-01T00:00:00Z' });
    expect(answer.status).toBe(200);
    expect(hub.messages()[0]).toMatchObject({ contentKind: 'richCard', text: '', textLength: 0, expiresAt: '2099-01-01T00:00:00.000Z' });
    // A far expireTime must not expire at once (Node clamps timers over 2^31-1 ms to 1 ms).
    await expect(hub.waitForMessage((m) => m.messageId === 'card-1' && m.state === 'delivered', 2_000)).resolves.toBeDefined();
  });

  it('answers 413 for a body over the size limit', async () => {
    const answer = await sendAgentMessage(hub.url, RCS, 'big', { contentMessage: { text: 'x' }, padding: 'p'.repeat(300 * 1024) });
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ error: { code: 413 } });
  });

  it('answers a scripted 500 for a send, then accepts the retry once', async () => {
    hub.setProfile(RCS, { rcs: true, failNext: { status: 500, count: 1 } });
    expect((await sendAgentMessage(hub.url, RCS, 'retry-me', { contentMessage: { text: 'x' } })).status).toBe(500);
    expect(hub.messages()).toEqual([]);
    expect((await sendAgentMessage(hub.url, RCS, 'retry-me', { contentMessage: { text: 'x' } })).status).toBe(200);
    expect(hub.stats()).toMatchObject({ sends: 1, duplicates: 0, scriptedFailures: 1 });
  });

  describe('revoke', () => {
    it('revokes an undelivered message with 200 {} and never delivers it', async () => {
      hub.setProfile(RCS, { rcs: true, offline: true });
      await sendAgentMessage(hub.url, RCS, 'revoke-me', { contentMessage: { text: 'secret' } });
      await sendAgentMessage(hub.url, RCS, 'keep-me', { contentMessage: { text: 'other' } });
      const answer = await revokeAgentMessage(hub.url, RCS, 'revoke-me');
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({});
      hub.setProfile(RCS, { rcs: true }); // the phone comes online: only keep-me is still pending
      await receiver.waitFor((p) => p.event['messageId'] === 'keep-me');
      expect(receiver.pushes.map((p) => p.event['messageId'])).toEqual(['keep-me']);
      expect(hub.messages().find((m) => m.messageId === 'revoke-me')?.state).toBe('revoked');
      expect(hub.stats().revokes).toBe(1);
    });

    it('answers 404 once the message was delivered', async () => {
      await sendAgentMessage(hub.url, RCS, 'too-late', { contentMessage: { text: 'x' } });
      await hub.waitForMessage((m) => m.messageId === 'too-late' && m.state === 'delivered');
      expect((await revokeAgentMessage(hub.url, RCS, 'too-late')).status).toBe(404);
    });

    it('answers 404 for an unknown messageId or another number', async () => {
      hub.setProfile(RCS, { rcs: true, offline: true });
      await sendAgentMessage(hub.url, RCS, 'mine', { contentMessage: { text: 'x' } });
      expect((await revokeAgentMessage(hub.url, RCS, 'unknown')).status).toBe(404);
      expect((await revokeAgentMessage(hub.url, '+33600000000', 'mine')).status).toBe(404);
      expect(hub.stats().revokes).toBe(0);
    });
  });
});
