import { RecordingEventSink } from '@switchback/bus';
import { Channel, create, DeliveryStatus, FailureClass, KeyDeliveryMode, SecureLinkRequestedSchema, Sensitivity, type DeliveryOutcome, type DispatchCommand } from '@switchback/contracts';
import { KeyedHasher } from '@switchback/crypto';
import { deriveFromFragment, openSecureLinkPayload } from '@switchback/secure-link';
import { Registry } from 'prom-client';
import { histogramSeries } from '../metrics/histogram-series';
import { RoutingMetrics } from '../metrics/routing-metrics';
import type { CreateLinkRequest, CreatedLink, LinkStore } from './link-store.client';
import type { LinkedDecision, SecureLinkDispatchRepository } from './secure-link-dispatch.repository';
import { SecureLinkDispatcher } from './secure-link-dispatcher';
import { RelayCodes } from './relay-code';

const relayCodes = new RelayCodes({ HOLD_ENCRYPTION_KEY: Buffer.alloc(32, 9), HOLD_ENCRYPTION_KEY_ID: 'h1', HOLD_PREVIOUS_KEYS: [] });

const SECRET = 'AKIA canary-5d2f the deploy key';

function setup(options: { credentials?: boolean; decision?: LinkedDecision | null | Error } = {}) {
  const created: { tenantId: string; request: CreateLinkRequest }[] = [];
  const store = {
    create: async (tenantId: string, request: CreateLinkRequest): Promise<CreatedLink | undefined> => {
      if (options.credentials === false) return undefined;
      created.push({ tenantId, request });
      return { id: `link${created.length}`, url: `https://links.example/s/link${created.length}`, expiresAt: '2026-11-23T13:00:00.000Z' };
    },
  } as LinkStore;
  const recorded = new Set<string>();
  const dispatches = {
    wasDispatched: async (messageId: string, leg: number) => recorded.has(`${messageId}/${leg}`),
    record: async (messageId: string, leg: number) => void recorded.add(`${messageId}/${leg}`),
    // The ledger's decision: a SECRET decided at 400 ms (the fake clock says 1 000 ms at dispatch).
    decisionOf: async () => {
      if (options.decision instanceof Error) throw options.decision;
      return options.decision === null ? undefined : (options.decision ?? { sensitivity: Sensitivity.SECRET, decidedAtMs: 400 });
    },
  } as unknown as SecureLinkDispatchRepository;
  const publisher = new RecordingEventSink();
  const published = publisher.published;
  const hasher = new KeyedHasher({ key: 'unit-test-key-0123456789', keyId: 'k1' });
  const registry = new Registry();
  const dispatcher = new SecureLinkDispatcher(store, dispatches, publisher, hasher, { now: () => 1_000 }, { RCS_TTL_SECONDS: 300 }, new RoutingMetrics(registry), relayCodes);
  const mitigations = () => histogramSeries(registry, 'switchback_fallback_mitigation_seconds');
  return { dispatcher, created, published, mitigations };
}

const request = (keyMode: KeyDeliveryMode, channel = Channel.SMS, code: { codeChannel?: Channel; codeRelayKeyId?: string } = {}) =>
  create(SecureLinkRequestedSchema, { messageId: 'm-1', tenantId: 'acme', recipient: '+447700900999', content: { text: SECRET }, channel, keyMode, ttlSeconds: 3600, maxViews: 1, requestedAtMs: 500n, leg: 1, ...code });

const sentCodeOf = (text: string | undefined) => /code for the secure message is ([A-Z0-9-]+)\./.exec(text ?? '')?.[1];

describe('SecureLinkDispatcher', () => {
  it('stores only ciphertext and sends only the link, whose fragment opens the secret', async () => {
    const { dispatcher, created, published } = setup();
    await expect(dispatcher.dispatch(request(KeyDeliveryMode.FRAGMENT))).resolves.toBe('dispatched');
    expect(created).toHaveLength(1);
    expect(JSON.stringify(created)).not.toContain('canary-5d2f');
    expect(created[0]).toMatchObject({ tenantId: 'acme', request: { keyMode: 'fragment', ttlSeconds: 3600, maxViews: 1, messageId: 'm-1' } });

    expect(published.map((p) => p.topic)).toEqual(['dispatchSms']);
    const text = (published[0]!.event as DispatchCommand).content!.text;
    expect(text).not.toContain('canary-5d2f');
    expect(text).toMatch(/^acme sent you a secure message: https:\/\/links\.example\/s\/link1#k\.[A-Za-z0-9_-]+ \(opens once, expires in 1 hour\)\.$/);
    const fragment = text.split('#')[1]!.split(' ')[0]!;
    const keys = await deriveFromFragment(fragment);
    expect(keys.accessVerifier).toBe(created[0]!.request.accessVerifier);
    await expect(openSecureLinkPayload(created[0]!.request.ciphertext, keys)).resolves.toMatchObject({ kind: 'text', text: SECRET });
  });

  it.each([
    ['link on RCS, code on SMS', Channel.RCS, Channel.SMS, 'dispatchRcs', 'dispatchSms'],
    ['link on SMS, code on RCS', Channel.SMS, Channel.RCS, 'dispatchSms', 'dispatchRcs'],
  ])('in code mode sends the code on the other channel as its own leg (%s), never in the link text', async (_label, linkChannel, codeChannel, linkTopic, codeTopic) => {
    const { dispatcher, created, published } = setup();
    await dispatcher.dispatch(request(KeyDeliveryMode.SECOND_CHANNEL_CODE, linkChannel, { codeChannel }));
    expect(published.map((p) => [p.topic, (p.event as DispatchCommand).leg, (p.event as DispatchCommand).channel])).toEqual([
      [linkTopic, 1, linkChannel],
      [codeTopic, 2, codeChannel],
    ]);
    const [link, code] = published.map((p) => (p.event as DispatchCommand).content!.text);
    const sentCode = sentCodeOf(code);
    expect(sentCode).toBeDefined();
    expect(link).not.toContain(sentCode!);
    expect(link).toContain('#c.');
    expect(link).toContain('You will get a code separately.');
    // The code the other channel carries is the one that opens the link.
    const keys = await deriveFromFragment(link!.split('#')[1]!.split(' ')[0]!, { code: sentCode! });
    await expect(openSecureLinkPayload(created[0]!.request.ciphertext, keys)).resolves.toMatchObject({ text: SECRET });
  });

  it('when the sender relays the code, sends the link alone; the code the sender was given opens it', async () => {
    const { dispatcher, created, published } = setup();
    await expect(dispatcher.dispatch(request(KeyDeliveryMode.SECOND_CHANNEL_CODE, Channel.SMS, { codeRelayKeyId: 'h1' }))).resolves.toBe('dispatched');
    expect(published.map((p) => [p.topic, (p.event as DispatchCommand).leg])).toEqual([['dispatchSms', 1]]);
    const link = (published[0]!.event as DispatchCommand).content!.text;
    const given = relayCodes.issue('acme', 'm-1').code;
    expect(link).not.toContain(given);
    expect(link).toContain('acme will give you the code to open it.');
    const keys = await deriveFromFragment(link.split('#')[1]!.split(' ')[0]!, { code: given });
    expect(keys.accessVerifier).toBe(created[0]!.request.accessVerifier);
    await expect(openSecureLinkPayload(created[0]!.request.ciphertext, keys)).resolves.toMatchObject({ text: SECRET });
  });

  it('makes no second link when the request is delivered again', async () => {
    const { dispatcher, created } = setup();
    await dispatcher.dispatch(request(KeyDeliveryMode.FRAGMENT));
    await expect(dispatcher.dispatch(request(KeyDeliveryMode.FRAGMENT))).resolves.toBe('already_dispatched');
    expect(created).toHaveLength(1);
  });

  it("times the mitigation once: from the message's decision to its link leg going out, by verdict", async () => {
    const { dispatcher, mitigations } = setup();
    await dispatcher.dispatch(request(KeyDeliveryMode.FRAGMENT));
    await dispatcher.dispatch(request(KeyDeliveryMode.FRAGMENT)); // redelivered: no second observation
    expect(await mitigations()).toEqual([{ labels: { mitigation: 'secure_link', sensitivity: 'secret' }, count: 1, sum: 0.6 }]);
  });

  it('still reports the link dispatched when the decision cannot be read (one sample lost, no retry, no second link)', async () => {
    const { dispatcher, published, mitigations } = setup({ decision: new Error('connection terminated') });
    await expect(dispatcher.dispatch(request(KeyDeliveryMode.FRAGMENT))).resolves.toBe('dispatched');
    expect(published.map((p) => p.topic)).toEqual(['dispatchSms']);
    expect(await mitigations()).toEqual([]);
  });

  it.each([
    ['a verdict below PERSONAL (not a plaintext-fallback event)', { decision: { sensitivity: Sensitivity.SENSITIVE, decidedAtMs: 400 } }, KeyDeliveryMode.FRAGMENT],
    ['no decision in the ledger', { decision: null }, KeyDeliveryMode.FRAGMENT],
    ['a link that failed closed', {}, KeyDeliveryMode.PASSPHRASE],
  ])('times nothing for %s', async (_label, options, mode) => {
    const { dispatcher, mitigations } = setup(options);
    await dispatcher.dispatch(request(mode));
    expect(await mitigations()).toEqual([]);
  });

  it.each<[string, KeyDeliveryMode, Channel, string, { codeChannel?: Channel; codeRelayKeyId?: string }?]>([
    ['a passphrase only the sender knows', KeyDeliveryMode.PASSPHRASE, Channel.SMS, 'key_mode_not_served:passphrase'],
    ['a device key without an app channel', KeyDeliveryMode.DEVICE_KEY, Channel.INAPP_E2EE, 'key_mode_not_served:device_key'],
    ['a channel that cannot carry a link', KeyDeliveryMode.FRAGMENT, Channel.INAPP_E2EE, 'no_link_channel'],
    ['a code with no path of its own (a request from before code paths)', KeyDeliveryMode.SECOND_CHANNEL_CODE, Channel.SMS, 'no_second_channel'],
    ['a code that would ride the link\'s own channel', KeyDeliveryMode.SECOND_CHANNEL_CODE, Channel.SMS, 'no_second_channel', { codeChannel: Channel.SMS }],
    ['a relayed code under a key routing no longer has', KeyDeliveryMode.SECOND_CHANNEL_CODE, Channel.SMS, 'relay_code_key_unknown', { codeRelayKeyId: 'h0' }],
  ])('fails closed for %s: a FAILED outcome, no link, no text', async (_label, mode, channel, reason, code = {}) => {
    const { dispatcher, created, published } = setup();
    await expect(dispatcher.dispatch(request(mode, channel, code))).resolves.toBe('failed');
    expect(created).toEqual([]);
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ topic: 'deliveryOutcome', event: { messageId: 'm-1', status: DeliveryStatus.FAILED, reason, leg: 1, failureClass: FailureClass.FAIL_CLOSED } });
  });

  it('fails closed when the tenant has no payload-store credential', async () => {
    const { dispatcher, published } = setup({ credentials: false });
    await expect(dispatcher.dispatch(request(KeyDeliveryMode.FRAGMENT))).resolves.toBe('failed');
    expect(published.map((p) => [p.topic, (p.event as DeliveryOutcome).reason])).toEqual([['deliveryOutcome', 'no_link_credentials']]);
  });
});
