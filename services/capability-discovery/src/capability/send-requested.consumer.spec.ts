import type { EventContext, EventPublisher } from '@switchback/bus';
import { CapabilitySource, CapabilityStatus, create, SendRequestedSchema, type SendResolved } from '@switchback/contracts';
import { KeyedHasher } from '@switchback/crypto';
import { capabilityDiscoveryConfigSchema } from '../config/capability-discovery.config';
import { InvalidRecipientException } from './capability.exception';
import type { CapabilityService } from './capability.service';
import type { Recipient } from './e164';
import type { ResolvedCapability } from './resolved-capability';
import { SendRequestedConsumer } from './send-requested.consumer';

const config = capabilityDiscoveryConfigSchema.parse({ IDENTIFIER_HASH_KEY: 'unit-test-key-0123456789', HUB_BASE_URL: 'http://hub.invalid' });
const guess: ResolvedCapability = { rcs: false, rcsE2ee: false, inappE2ee: false, features: [], carrier: '', checkedAtMs: 5, region: 'GB', level: 'sms_only', status: 'red', statusReason: 'SMS only (hub unreachable, not a fresh check)', downgradeSuspected: false, guess: true, pinnedLevel: null, pinnedAtMs: null, source: 'default' };

function setup() {
  const asked: Recipient[] = [];
  const capabilities = { resolve: (recipient: Recipient) => (asked.push(recipient), Promise.resolve(guess)) } as unknown as CapabilityService;
  const published: { topic: string; event: SendResolved; key: string }[] = [];
  const publisher = { publish: (topic: string, event: SendResolved, options: { key: string }) => (published.push({ topic, event, key: options.key }), Promise.resolve()) } as unknown as EventPublisher;
  const hasher = new KeyedHasher({ key: 'unit-test-key-0123456789', keyId: 'k1' });
  return { consumer: new SendRequestedConsumer(capabilities, publisher, hasher, config), asked, published, hasher };
}

const context = { messageId: 'm-1' } as EventContext;

describe('SendRequestedConsumer', () => {
  it('publishes the send with its capability snapshot and the normalised recipient', async () => {
    const { consumer, asked, published, hasher } = setup();
    await consumer.handle(create(SendRequestedSchema, { messageId: 'm-1', recipient: '+44 7700 900123' }), context);
    expect(asked).toEqual([{ e164: '+447700900123', region: 'GB' }]);
    expect(published).toHaveLength(1);
    expect(published[0]?.topic).toBe('sendResolved');
    expect(published[0]?.key).toBe(hasher.hash('+447700900123'));
    expect(published[0]?.event.send?.recipient).toBe('+447700900123');
    expect(published[0]?.event.capability).toMatchObject({ source: CapabilitySource.DEFAULT, status: CapabilityStatus.RED, guess: true, region: 'GB', statusReason: guess.statusReason });
  });

  it('rejects a recipient that is not a phone number as permanent (dead letter)', async () => {
    const { consumer, published } = setup();
    const handling = consumer.handle(create(SendRequestedSchema, { messageId: 'm-2', recipient: '0712345' }), context);
    await expect(handling).rejects.toBeInstanceOf(InvalidRecipientException);
    await expect(handling).rejects.toMatchObject({ retriable: false, code: 'invalid_recipient' });
    expect(published).toEqual([]);
  });
});
