import { PermanentException, TransientException } from '@switchback/errors';

export class InvalidRecipientException extends PermanentException {
  constructor() {
    super('invalid_recipient', 'recipient is not an E.164 number');
  }
}

export class HubUnavailableException extends TransientException {
  constructor(detail: string) {
    super('hub_unavailable', `carrier hub capability query failed: ${detail}`);
  }
}
