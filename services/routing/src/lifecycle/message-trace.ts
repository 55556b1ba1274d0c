import { withResumedSpan, type StoredTraceContext } from '@switchback/telemetry';

/**
 * Runs work done on a message outside its request (a sweeper's revoke or expiry, a late
 * announcement, a hold's override or expiry) in a span that is a child of the trace the message
 * was dispatched or held in, linked to the span active on entry (the override's HTTP request),
 * so what it publishes and what follows stay in that one trace. Sweeps have no span of their
 * own: a root span every interval per instance would be noise; each action span is named.
 */
export const inMessageTrace = <T>(
  action: string,
  message: { readonly messageId: string; readonly trace: StoredTraceContext | undefined },
  fn: () => Promise<T>,
  leg?: number,
): Promise<T> => withResumedSpan(`lifecycle ${action}`, message.trace, { 'sb.message_id': message.messageId, 'sb.lifecycle.action': action, ...(leg === undefined ? {} : { 'sb.leg': leg }) }, fn);
