import { createHmac } from 'node:crypto';
import { sameSecret, validRbmSignature } from './rbm-signature';

describe('validRbmSignature', () => {
  const data = Buffer.from('{"eventType":"DELIVERED"}');
  const sign = (token: string) => createHmac('sha512', token).update(data).digest('base64');

  it('accepts the signature made with the agent client token', () => {
    expect(validRbmSignature('client-token', data, sign('client-token'))).toBe(true);
  });

  it('rejects a signature made with another token, a missing one and a truncated one', () => {
    expect(validRbmSignature('client-token', data, sign('other-token'))).toBe(false);
    expect(validRbmSignature('client-token', data, undefined)).toBe(false);
    expect(validRbmSignature('client-token', data, sign('client-token').slice(0, 20))).toBe(false);
  });

  it('compares handshake client tokens of any length in constant time', () => {
    expect(sameSecret('client-token', 'client-token')).toBe(true);
    expect(sameSecret('client-token', 'client-token-longer')).toBe(false);
    expect(sameSecret('client-token', '')).toBe(false);
  });
});
