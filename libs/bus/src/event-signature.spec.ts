import { generateKeyPairSync } from 'node:crypto';
import { BusHeaders } from './bus-headers';
import { Ed25519EventSigner, generateProducerKey, producerPrivateKey, producerPublicKey, verifyEventSignature } from './event-signature';

describe('event signatures', () => {
  const credential = generateProducerKey();
  const key = { keyId: 'acme-1', privateKey: producerPrivateKey(credential.privateKeyPem) };
  const publicKey = producerPublicKey(credential.publicKey);
  const value = Buffer.from('encoded send request');
  const signer = new Ed25519EventSigner((tenantId) => (tenantId === 'acme' ? key : undefined), () => 1_765_000_000_000);

  it('signs the events of signed topics with the tenant\'s key, and verifies them', () => {
    const headers = signer.headersFor('sendRequested', 'acme', value);
    expect(headers).toMatchObject({ [BusHeaders.signer]: 'acme-1', [BusHeaders.signedAt]: '1765000000000' });
    expect(verifyEventSignature(publicKey, 'sendRequested', 'acme-1', '1765000000000', value, headers[BusHeaders.signature]!)).toBe(true);
  });

  it('fails on a changed byte, another topic, another time or another key id', () => {
    const signature = signer.headersFor('sendRequested', 'acme', value)[BusHeaders.signature]!;
    expect(verifyEventSignature(publicKey, 'sendRequested', 'acme-1', '1765000000000', Buffer.from('encoded send requesT'), signature)).toBe(false);
    expect(verifyEventSignature(publicKey, 'dispatchSms', 'acme-1', '1765000000000', value, signature)).toBe(false);
    expect(verifyEventSignature(publicKey, 'sendRequested', 'acme-1', '1765000000001', value, signature)).toBe(false);
    expect(verifyEventSignature(publicKey, 'sendRequested', 'acme-2', '1765000000000', value, signature)).toBe(false);
    expect(verifyEventSignature(publicKey, 'sendRequested', 'acme-1', '1765000000000', value, 'AAAA')).toBe(false);
  });

  it('signs nothing for another tenant or an unsigned topic', () => {
    expect(signer.headersFor('sendRequested', 'globex', value)).toEqual({});
    expect(signer.headersFor('dispatchSms', 'acme', value)).toEqual({});
  });

  it('reads public keys as base64 SPKI or PEM, and refuses keys that are not Ed25519', () => {
    expect(producerPublicKey(publicKey.export({ type: 'spki', format: 'pem' }).toString()).asymmetricKeyType).toBe('ed25519');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    expect(() => producerPublicKey(rsa)).toThrow('not an Ed25519 public key');
  });
});
