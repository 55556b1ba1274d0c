import { PermanentException } from '@switchback/errors';

export class MalformedSendException extends PermanentException {
  constructor(detail: string) {
    super('malformed_send', detail);
  }
}
