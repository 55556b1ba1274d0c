import type { EventContext } from '@switchback/bus';
import { Channel, create, RevokeCommandSchema } from '@switchback/contracts';
import type { RcsRevokeService, RevokeRequest } from './rcs-revoke.service';
import { InvalidRevokeException, RevokeRcsConsumer } from './revoke-rcs.consumer';

function setup() {
  const calls: RevokeRequest[] = [];
  const consumer = new RevokeRcsConsumer({ revoke: async (request: RevokeRequest) => (calls.push(request), 'revoked') } as unknown as RcsRevokeService);
  return { consumer, calls };
}

const command = (fields: Partial<{ channel: Channel; recipient: string; messageId: string; leg: number }> = {}) =>
  create(RevokeCommandSchema, { messageId: 'm-1', tenantId: 'acme', recipient: '+447700900123', channel: Channel.RCS, leg: 1, reason: 'delivery_timeout', requestedAtMs: 1n, ...fields });
const context = {} as EventContext;

describe('RevokeRcsConsumer', () => {
  it('hands an RCS revoke to the revocation service', async () => {
    const { consumer, calls } = setup();
    await consumer.handle(command(), context);
    expect(calls).toEqual([expect.objectContaining({ messageId: 'm-1', leg: 1, reason: 'delivery_timeout' })]);
  });

  it.each([
    ['another channel', { channel: Channel.SMS }],
    ['a recipient that is not E.164', { recipient: '07700900123' }],
    ['no message id', { messageId: '' }],
    ['no leg', { leg: 0 }],
  ])('dead-letters %s (not retriable) without calling the hub', async (_what, fields) => {
    const { consumer, calls } = setup();
    const error = await consumer.handle(command(fields), context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRevokeException);
    expect((error as InvalidRevokeException).retriable).toBe(false);
    expect(calls).toEqual([]);
  });
});
