import { PermanentException, TransientException } from '@switchback/errors';

export class InvalidRecipientException extends PermanentException {
  constructor() {
    super('invalid_recipient', 'recipient is not a valid international phone number');
  }
}

export class HubUnavailableException extends TransientException {
  constructor(detail: string) {
    super('hub_unavailable', `carrier hub capability query failed: ${detail}`);
  }
}

/**
 * The pin could not be saved or its change announced: retry later rather than answer without
 * downgrade detection.
 */
export class PinningFailedException extends TransientException {
  constructor(cause: unknown) {
    super('pinning_failed', `capability pinning failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** The device-key table could not be read: retry later rather than answer without in-app E2EE. */
export class DeviceKeysUnavailableException extends TransientException {
  constructor(cause: unknown) {
    super('device_keys_unavailable', `device key lookup failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
