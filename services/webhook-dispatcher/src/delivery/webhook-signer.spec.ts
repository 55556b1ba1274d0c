import { Webhook } from 'standardwebhooks';
import { newSigningSecret, SecretBox } from '../endpoints/secret-box';
import type { WebhookEvent } from '../webhooks/webhook-event';
import { signedRequest } from './webhook-signer';

const event: WebhookEvent = { id: 'msg_abc', type: 'message.terminal', tenantId: 'acme', messageId: 'm-1', occurredAtMs: Date.UTC(2026, 0, 1), data: { status: 'delivered' } };

describe('signedRequest', () => {
  it('signs with every secret so old and new both verify during a rotation, and a stranger does not', () => {
    const [oldSecret, newSecret] = [newSigningSecret(), newSigningSecret()];
    const { headers, body } = signedRequest(event, [newSecret, oldSecret], new Date());
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(new Webhook(oldSecret).verify(body, headers)).toMatchObject({ type: 'message.terminal', data: { message_id: 'm-1' } });
    expect(new Webhook(newSecret).verify(body, headers)).toMatchObject({ type: 'message.terminal' });
    expect(() => new Webhook(newSigningSecret()).verify(body, headers)).toThrow();
    expect(headers['webhook-id']).toBe('msg_abc');
  });

  it('is refused by receivers outside their timestamp tolerance', () => {
    const secret = newSigningSecret();
    const { headers, body } = signedRequest(event, [secret], new Date(Date.now() - 10 * 60_000));
    expect(() => new Webhook(secret).verify(body, headers)).toThrow(/timestamp/i);
  });
});

describe('SecretBox', () => {
  it('opens only for the endpoint it was sealed for', () => {
    const box = new SecretBox(Buffer.alloc(32, 7));
    const sealed = box.seal('whsec_x', 'acme', 'e1');
    expect(sealed.toString('utf8')).not.toContain('whsec_x');
    expect(box.open(sealed, 'acme', 'e1')).toBe('whsec_x');
    expect(() => box.open(sealed, 'acme', 'e2')).toThrow();
  });
});
