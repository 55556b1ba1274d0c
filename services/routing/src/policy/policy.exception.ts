import { PermanentException } from '@switchback/errors';

/** A stored policy no longer parses: routing must not guess a policy, so the send waits. */
export class StoredPolicyInvalidException extends PermanentException {
  constructor(tenantId: string, version: number) {
    super('stored_policy_invalid', `stored policy ${version} of tenant ${tenantId} does not parse`);
  }
}
