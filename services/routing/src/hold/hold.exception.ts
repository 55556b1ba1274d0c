import { PermanentException } from '@switchback/errors';

/** No key to seal or open held content: never fall back to storing or sending it in clear. */
export class HoldKeyUnavailableException extends PermanentException {
  constructor(detail: string) {
    super('hold_key_unavailable', detail);
  }
}

export type OverrideRefusal = 'not_found' | 'released' | 'expired' | 'no_channel';

/** Why an override was refused; the controller maps the code to a problem status. */
export class HoldOverrideException extends PermanentException {
  constructor(readonly refusal: OverrideRefusal, detail: string) {
    super(refusal, detail);
  }
}
