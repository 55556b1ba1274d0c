import { BadRequestException, ServiceUnavailableException } from '@nestjs/common';
import { capabilityDiscoveryConfigSchema } from '../config/capability-discovery.config';
import { PinningFailedException } from './capability.exception';
import { CapabilityController, MAX_BATCH } from './capability.controller';
import type { CapabilityService } from './capability.service';
import type { Recipient } from './e164';

const config = capabilityDiscoveryConfigSchema.parse({ IDENTIFIER_HASH_KEY: 'unit-test-key-0123456789', RBM_AUTH: 'none', HUB_BASE_URL: 'http://hub.invalid' });

function controller(resolve: (recipient: Recipient) => Promise<unknown>): CapabilityController {
  return new CapabilityController({ resolve } as unknown as CapabilityService, config);
}

const problem = async (call: Promise<unknown>) => {
  const error = await call.then(() => undefined, (caught: unknown) => caught);
  return error instanceof BadRequestException || error instanceof ServiceUnavailableException ? [error.getStatus(), error.getResponse()] : error;
};

describe('CapabilityController', () => {
  it('answers 400 with a problem body for something that is not a phone number', async () => {
    expect(await problem(controller(() => Promise.resolve({})).lookup('12345'))).toEqual([400, expect.objectContaining({ title: 'invalid_recipient', status: 400 })]);
  });

  it('answers 503 when the lookup failed in a way a retry can fix', async () => {
    const failing = controller(() => Promise.reject(new PinningFailedException(new Error('db down'))));
    expect(await problem(failing.lookup('+447700900123'))).toEqual([503, expect.objectContaining({ title: 'pinning_failed', status: 503 })]);
  });

  it('rejects empty or oversized batches and answers the rest in order', async () => {
    const echo = controller((recipient) => Promise.resolve({ region: recipient.region }));
    expect(await problem(echo.batchGet({ phoneNumbers: [] }))).toEqual([400, expect.objectContaining({ title: 'invalid_batch' })]);
    expect(await problem(echo.batchGet({ phoneNumbers: Array.from({ length: MAX_BATCH + 1 }, () => '+447700900123') }))).toEqual([400, expect.objectContaining({ title: 'invalid_batch' })]);
    expect(await problem(echo.batchGet({ phoneNumbers: ['+447700900123', 42] }))).toEqual([400, expect.objectContaining({ title: 'invalid_recipient' })]);
    await expect(echo.batchGet({ phoneNumbers: ['+33 6 12 34 56 78', '+447700900123'] })).resolves.toEqual({
      capabilities: [
        { phoneNumber: '+33612345678', region: 'FR' },
        { phoneNumber: '+447700900123', region: 'GB' },
      ],
    });
  });
});
