import { PermanentException } from '@switchback/errors';

/**
 * An event on a signed topic that its tenant's producers did not sign (or not any more): never
 * routed, dead-lettered under one of these codes and counted by the bus metrics.
 */
export class EventSignatureException extends PermanentException {
  constructor(
    code: 'signature_missing' | 'signature_unknown_key' | 'signature_revoked_key' | 'signature_wrong_tenant' | 'signature_invalid' | 'signature_expired',
    detail: string,
  ) {
    super(code, detail);
  }
}
