import type { EventContext } from '@switchback/bus';
import { create, SendRequestedSchema, type SendResolved } from '@switchback/contracts';
import { CapabilityUnavailableException, InvalidRecipientException, type CapabilityClient } from '../capability/capability.client';
import type { EventSignatureVerifier } from '../producers/event-signature.verifier';
import type { RouteSendService } from './route-send.service';
import { SendRequestedConsumer } from './send-requested.consumer';

describe('SendRequestedConsumer', () => {
  const send = create(SendRequestedSchema, { messageId: 'm-1', tenantId: 'acme', recipient: '+44 7700 900123', content: { text: 'Hello' } });
  const context = (attempt: number): EventContext => ({ topic: 'sendRequested', messageId: 'm-1', key: 'k', attempt, partition: 0, offset: '0' });
  const setup = (lookup: () => Promise<unknown>) => {
    const routed: SendResolved[] = [];
    const consumer = new SendRequestedConsumer(
      { verify: async () => undefined } as unknown as EventSignatureVerifier,
      { resolve: lookup } as unknown as CapabilityClient,
      { route: async (resolved: SendResolved) => void routed.push(resolved) } as unknown as RouteSendService,
      { BUS_RETRY_DELAYS_MS: [1_000, 10_000] },
    );
    return { consumer, routed };
  };

  it('routes with the canonical number and the capability capability-discovery answered', async () => {
    const { consumer, routed } = setup(async () => ({ e164: '+447700900123', capability: { rcs: true } }));
    await consumer.handle(send, context(1));
    expect(routed[0]?.send).toMatchObject({ messageId: 'm-1', recipient: '+447700900123' });
    expect(routed[0]?.capability).toMatchObject({ rcs: true });
  });

  it('retries an unanswered lookup, and routes on the SMS-only guess only on the last attempt', async () => {
    const { consumer, routed } = setup(async () => Promise.reject(new CapabilityUnavailableException('HTTP 503')));
    await expect(consumer.handle(send, context(2))).rejects.toBeInstanceOf(CapabilityUnavailableException);
    expect(routed).toEqual([]);
    await consumer.handle(send, context(3));
    expect(routed[0]?.capability).toMatchObject({ rcs: false, guess: true });
  });

  it('never guesses for an invalid number: it is dead-lettered', async () => {
    const { consumer, routed } = setup(async () => Promise.reject(new InvalidRecipientException()));
    await expect(consumer.handle(send, context(3))).rejects.toBeInstanceOf(InvalidRecipientException);
    expect(routed).toEqual([]);
  });
});
