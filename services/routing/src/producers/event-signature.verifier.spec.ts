import { BusHeaders, Ed25519EventSigner, generateProducerKey, producerPrivateKey, producerPublicKey, type EventContext } from '@switchback/bus';
import { create, SendRequestedSchema } from '@switchback/contracts';
import { EventSignatureVerifier } from './event-signature.verifier';
import type { ProducerKey, ProducerKeyRegistry } from './producer-key.registry';

describe('EventSignatureVerifier', () => {
  const acme = generateProducerKey();
  const keys = new Map<string, ProducerKey>([
    ['acme-1', { keyId: 'acme-1', tenantId: 'acme', publicKey: producerPublicKey(acme.publicKey), revoked: false }],
    ['acme-old', { keyId: 'acme-old', tenantId: 'acme', publicKey: producerPublicKey(acme.publicKey), revoked: true }],
    ['ingress-1', { keyId: 'ingress-1', tenantId: '*', publicKey: producerPublicKey(acme.publicKey), revoked: false }],
  ]);
  const registry = { find: async (keyId: string) => keys.get(keyId) } as unknown as ProducerKeyRegistry;
  const now = Date.UTC(2026, 11, 5, 12);
  const verifier = new EventSignatureVerifier(registry, { UNSIGNED_PRODUCER_TENANTS: ['legacy'], SIGNED_EVENT_MAX_AGE_S: 3_600 }, { now: () => now });
  const value = Buffer.from('the encoded event');
  const send = (tenantId: string) => create(SendRequestedSchema, { messageId: 'm-1', tenantId });
  const signed = (keyId: string, options: { attempt?: number; at?: number; bytes?: Buffer } = {}): EventContext => {
    const signer = new Ed25519EventSigner(() => ({ keyId, privateKey: producerPrivateKey(acme.privateKeyPem) }), () => options.at ?? now);
    return { topic: 'sendRequested', messageId: 'm-1', key: 'k', attempt: options.attempt ?? 1, partition: 0, offset: '0', headers: signer.headersFor('sendRequested', 'x', value), value: options.bytes ?? value };
  };
  const codeOf = (promise: Promise<void>) => promise.then(() => 'ok', (error: { code?: string }) => error.code);

  it('accepts its tenant\'s live key and the ingress key for any tenant', async () => {
    expect(await codeOf(verifier.verify(send('acme'), signed('acme-1')))).toBe('ok');
    expect(await codeOf(verifier.verify(send('globex'), signed('ingress-1')))).toBe('ok');
  });

  it('names why it refuses', async () => {
    const unsigned: EventContext = { topic: 'sendRequested', messageId: 'm-1', key: 'k', attempt: 1, partition: 0, offset: '0', headers: {}, value };
    expect(await codeOf(verifier.verify(send('acme'), unsigned))).toBe('signature_missing');
    expect(await codeOf(verifier.verify(send('legacy'), unsigned))).toBe('ok');
    expect(await codeOf(verifier.verify(send('acme'), signed('nobody')))).toBe('signature_unknown_key');
    expect(await codeOf(verifier.verify(send('acme'), signed('acme-old')))).toBe('signature_revoked_key');
    expect(await codeOf(verifier.verify(send('globex'), signed('acme-1')))).toBe('signature_wrong_tenant');
    expect(await codeOf(verifier.verify(send('acme'), signed('acme-1', { bytes: Buffer.from('another event') })))).toBe('signature_invalid');
    expect(await codeOf(verifier.verify(send('acme'), { ...signed('acme-1'), headers: { ...signed('acme-1').headers, [BusHeaders.signedAt]: 'soon' } }))).toBe('signature_invalid');
  });

  it('refuses an old signature on first delivery (a replay) but not on a retry of an accepted event', async () => {
    const twoHoursAgo = now - 7_200_000;
    expect(await codeOf(verifier.verify(send('acme'), signed('acme-1', { at: twoHoursAgo })))).toBe('signature_expired');
    expect(await codeOf(verifier.verify(send('acme'), signed('acme-1', { at: now + 3_600_000 })))).toBe('signature_expired');
    expect(await codeOf(verifier.verify(send('acme'), signed('acme-1', { at: twoHoursAgo, attempt: 2 })))).toBe('ok');
  });
});
