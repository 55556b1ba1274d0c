import { startHubSimulator, type HubSimulator } from './hub-simulator';
import { adminCall, queryCapabilities, sendAgentMessage } from './testing/hub-requests';

describe('hub simulator: /_sim admin endpoints', () => {
  let hub: HubSimulator;

  beforeEach(async () => {
    hub = await startHubSimulator({ clientToken: 'token', deliveryDelayMs: 10 });
  });

  afterEach(() => hub.close());

  it('PUT /_sim/numbers/{phone} changes how the number is answered', async () => {
    const put = await adminCall(hub.url, 'PUT', `/_sim/numbers/${encodeURIComponent('+33612345678')}`, { rcs: false });
    expect(put.status).toBe(200);
    expect((await queryCapabilities(hub.url, '+33612345678')).status).toBe(404);
  });

  it('PUT /_sim/numbers/{phone} takes sendNotFound as a boolean only', async () => {
    const put = await adminCall(hub.url, 'PUT', '/_sim/numbers/%2B33612345678', { rcs: true, sendNotFound: true });
    expect(put.body).toEqual({ phone: '+33612345678', profile: { rcs: true, sendNotFound: true } });
    const bad = await adminCall(hub.url, 'PUT', '/_sim/numbers/%2B33612345678', { rcs: true, sendNotFound: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { message: expect.stringContaining('sendNotFound') } });
  });

  it('PUT /_sim/numbers/{phone} rejects an invalid profile with 400', async () => {
    const put = await adminCall(hub.url, 'PUT', '/_sim/numbers/%2B33612345678', { rcs: true, failNext: { status: 418, count: 1 } });
    expect(put.status).toBe(400);
    expect(put.body).toMatchObject({ error: { status: 'INVALID_ARGUMENT', message: expect.stringContaining('failNext.status') } });
  });

  it('GET /_sim/messages lists received messages with their text and state', async () => {
    await sendAgentMessage(hub.url, '+33612345678', 'a-1', { contentMessage: { text: 'hello there' } });
    await hub.waitForMessage((m) => m.state === 'delivered');
    const answer = await adminCall(hub.url, 'GET', '/_sim/messages');
    expect(answer.body).toEqual({
      messages: [expect.objectContaining({ messageId: 'a-1', phone: '+33612345678', text: 'hello there', textLength: 11, state: 'delivered', receivedAt: expect.any(String), deliveredAt: expect.any(String) })],
    });
  });

  it('GET /_sim/stats counts, POST /_sim/reset forgets everything', async () => {
    await queryCapabilities(hub.url, '+33612345678');
    await sendAgentMessage(hub.url, '+33612345678', 'a-2', { contentMessage: { text: 'x' } });
    hub.setProfile('+33600000000', { rcs: false });
    expect((await adminCall(hub.url, 'GET', '/_sim/stats')).body).toMatchObject({ capabilityQueries: 1, sends: 1 });

    expect((await adminCall(hub.url, 'POST', '/_sim/reset')).status).toBe(200);
    expect(hub.messages()).toEqual([]);
    expect(hub.stats()).toMatchObject({ capabilityQueries: 0, sends: 0 });
    expect((await queryCapabilities(hub.url, '+33600000000')).status).toBe(200); // override dropped
  });
});
