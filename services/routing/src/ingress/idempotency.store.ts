/** What POST /v1/messages answers (and answers again on a replay). */
export interface AcceptedResponse {
  readonly messageId: string;
  readonly status: 'accepted';
  /**
   * Only in the answer that accepted the message, never stored (so never in a replay): the code
   * the recipient needs if the message becomes a code-mode secure link, when the tenant's policy
   * has the sender relay it (secureLink.codeDelivery "sender").
   */
  readonly secureLinkCode?: string;
}

export interface IdempotencyRecord {
  readonly bodySha256: string;
  readonly state: 'in_progress' | 'done';
  readonly response: AcceptedResponse | null;
}

/** Port: stored Idempotency-Keys per tenant (the body hash only, never text or number). */
export interface IdempotencyStore {
  /** Inserts the key as in_progress with its message id; false if it already exists (ON CONFLICT DO NOTHING). */
  begin(tenantId: string, key: string, bodySha256: string, messageId: string, at: Date): Promise<boolean>;
  /**
   * Claims a key left in_progress since before `staleBefore` with the same body (its request
   * died mid-publish): restamps it and returns its message id, or undefined if it is not
   * stranded. Conditional, so of two concurrent takeovers one wins.
   */
  takeOver(tenantId: string, key: string, bodySha256: string, staleBefore: Date, at: Date): Promise<string | undefined>;
  find(tenantId: string, key: string): Promise<IdempotencyRecord | undefined>;
  complete(tenantId: string, key: string, response: AcceptedResponse): Promise<void>;
  /** Forgets an in_progress key whose publish failed, so the producer's retry can go through. */
  release(tenantId: string, key: string): Promise<void>;
}

export const IDEMPOTENCY_STORE = Symbol('IDEMPOTENCY_STORE');

/** Port for new message ids, so tests can predict them. */
export interface MessageIds {
  next(): string;
}

export const MESSAGE_IDS = Symbol('MESSAGE_IDS');
