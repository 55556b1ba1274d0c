/** Counters a test or the demo can assert on (GET /_sim/stats, handle.stats()). */
export interface SmscStats {
  readonly binds: number;
  readonly bindFailures: number;
  /** Accepted submit_sm PDUs; each part of a concatenated message counts. */
  readonly submits: number;
  /** Complete messages recorded (single or reassembled). */
  readonly messages: number;
  readonly receiptsSent: number;
  /** deliver_sm_resp received for our receipts. */
  readonly receiptsAcknowledged: number;
  readonly throttled: number;
  /** Refused by rejectPrefixes or as malformed. */
  readonly rejected: number;
  readonly enquireLinks: number;
  readonly unbinds: number;
  /** Receipts never sent (dropReceipts, dropNextReceipts). */
  readonly receiptsDropped: number;
  /** submit_sm answered with a scripted command_status. */
  readonly scripted: number;
  /** Most submit_sm ever awaiting their submit_sm_resp at once on one session. */
  readonly maxOutstanding: number;
  /** submit_sm whose (delayed) response could not go out because the session had closed. */
  readonly unansweredAtClose: number;
  /** Sessions dropped on demand (disconnectAll / POST /_sim/disconnect). */
  readonly forcedDisconnects: number;
}

export type MutableSmscStats = { -readonly [K in keyof SmscStats]: number };

export function emptySmscStats(): MutableSmscStats {
  return { binds: 0, bindFailures: 0, submits: 0, messages: 0, receiptsSent: 0, receiptsAcknowledged: 0, throttled: 0, rejected: 0, enquireLinks: 0, unbinds: 0, receiptsDropped: 0, scripted: 0, maxOutstanding: 0, unansweredAtClose: 0, forcedDisconnects: 0 };
}
