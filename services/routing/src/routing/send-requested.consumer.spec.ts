import { RecordingEventSink, registerHandler, type EventContext } from '@switchback/bus';
import { ActionTaken, create, SendRequestedSchema, type RoutingDecision, type SendResolved } from '@switchback/contracts';
import { EventSignatureException } from '../producers/signature.exception';
import { CapabilityUnavailableException, InvalidRecipientException, type CapabilityClient } from '../capability/capability.client';
import type { EventSignatureVerifier } from '../producers/event-signature.verifier';
import type { RouteSendService } from './route-send.service';
import { SendRequestedConsumer } from './send-requested.consumer';

describe('SendRequestedConsumer', () => {
  const send = create(SendRequestedSchema, { messageId: 'm-1', tenantId: 'acme', recipient: '+44 7700 900123', content: { text: 'Hello' } });
  const context = (attempt: number): EventContext => ({ topic: 'sendRequested', messageId: 'm-1', key: 'k', attempt, partition: 0, offset: '0' });
  const setup = (lookup: () => Promise<unknown>, verify: () => Promise<void> = async () => undefined) => {
    const routed: SendResolved[] = [];
    const published: { topic: string; event: RoutingDecision }[] = [];
    const consumer = new SendRequestedConsumer(
      { verify } as unknown as EventSignatureVerifier,
      { resolve: lookup } as unknown as CapabilityClient,
      { route: async (resolved: SendResolved) => void routed.push(resolved) } as unknown as RouteSendService,
      new RecordingEventSink([registerHandler('routingDecision', async (event) => void published.push({ topic: 'routingDecision', event }))]),
      { BUS_RETRY_DELAYS_MS: [1_000, 10_000] },
    );
    return { consumer, routed, published };
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

  it('records a refused send for the audit log, then lets the bus dead-letter it, routing nothing', async () => {
    const refusal = new EventSignatureException('signature_invalid', 'does not verify');
    const { consumer, routed, published } = setup(async () => ({ e164: '+447700900123', capability: {} }), async () => Promise.reject(refusal));
    await expect(consumer.handle(send, context(1))).rejects.toBe(refusal);
    expect(routed).toEqual([]);
    expect(published.map(({ topic, event }) => [topic, event.actionTaken, event.refusalCode, event.messageId, event.recipientHash])).toEqual([['routingDecision', ActionTaken.REFUSED, 'signature_invalid', 'm-1', '']]);
  });

  it('never guesses for an invalid number: it is dead-lettered', async () => {
    const { consumer, routed } = setup(async () => Promise.reject(new InvalidRecipientException()));
    await expect(consumer.handle(send, context(3))).rejects.toBeInstanceOf(InvalidRecipientException);
    expect(routed).toEqual([]);
  });
});
