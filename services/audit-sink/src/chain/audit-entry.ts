/** One metadata-only audit record before it is chained: no content, recipients as keyed hashes. */
export interface AuditEntry {
  /** Idempotency: the same event consumed twice yields one row. */
  readonly eventKey: string;
  readonly eventType: string;
  readonly messageId: string;
  readonly tenantId: string;
  readonly recipientHash: string;
  readonly channel: string;
  /** The decision's action, the delivery status, the link's lifecycle step. */
  readonly outcome: string;
  readonly fallbackReason: string | null;
  /** Event-specific metadata: ids, versions, levels, an override's actor and reason. Never content. */
  readonly detail: Record<string, unknown> | null;
  readonly occurredAt: Date;
}

export type AppendResult = 'appended' | 'duplicate';
