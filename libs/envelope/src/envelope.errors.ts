import { PermanentException, TransientException } from '@switchback/errors';

/** Not an envelope this version can read: too short, wrong version byte, bad key id. */
export class MalformedEnvelopeException extends PermanentException {
  constructor(detail: string) {
    super('envelope_malformed', `sealed field is malformed: ${detail}`);
  }
}

/** The data key the field names was never created (or belongs to another deployment). */
export class UnknownDataKeyException extends PermanentException {
  constructor(keyId: string) {
    super('envelope_unknown_key', `data key ${keyId} does not exist`);
  }
}

/** The data key was destroyed on schedule (crypto-shredding): the field can never be read again. */
export class DataKeyDestroyedException extends PermanentException {
  constructor(keyId: string) {
    super('key_destroyed', `data key ${keyId} was destroyed`);
  }
}

/** The field was sealed for another message, tenant or field name, or its bytes were changed. */
export class EnvelopeAuthenticationException extends PermanentException {
  constructor() {
    super('envelope_aad_mismatch', 'sealed field does not authenticate for this message, tenant and field');
  }
}

/**
 * Personal fields in clear on a topic that carries them sealed, from a publisher that holds no
 * key (only routing and the gateways can seal): a forged event, refused before any handler.
 */
export class UnsealedFieldsException extends PermanentException {
  constructor(topic: string) {
    super('envelope_missing', `an event on ${topic} carries its personal fields unsealed`);
  }
}

/** More bytes than a field may carry: refused before any work. */
export class FieldTooLargeException extends PermanentException {
  constructor(bytes: number, max: number) {
    super('envelope_field_too_large', `field of ${bytes} bytes exceeds ${max}`);
  }
}

/** The data key is wrapped under a key-encryption key this instance does not hold (yet). */
export class KekUnavailableException extends TransientException {
  constructor(kekId: string) {
    super('envelope_kek_unavailable', `key-encryption key ${kekId} is not configured`);
  }
}
