import { DeliveryStatus } from '@switchback/contracts';

/**
 * Whose fault a message's end is, for the availability SLO: only `platform` spends the error
 * budget. `recipient` covers what no platform could have delivered (a number without the
 * channel, a handset the carrier says it could not reach, content or a number the sender got
 * wrong). Anything FAILED that is not known to be the recipient's counts as the platform's, so
 * a new failure reason shows up in the SLO instead of hiding from it.
 */
export type TerminalFault = 'none' | 'recipient' | 'platform';

/** FAILED reasons (the gateways' and the SMSC's words) that are not the platform's doing. */
const RECIPIENT_SIDE: readonly RegExp[] = [
  // SMSC receipt states: the carrier tried and the handset did not take it.
  /^(UNDELIV|REJECTD|DELETED|EXPIRED|UNKNOWN)\b/,
  // The hub or SMSC says the number is not reachable on this channel, or invalid.
  /^(http_404|unreachable|unsupported_feature|invalid_recipient|ESME_RINVDSTADR|ESME_RINVNUMDESTS)$/,
  // The sender's request could not be sent as given.
  /^empty_content$/,
];

export function terminalFault(status: DeliveryStatus, reason: string): TerminalFault {
  if (status !== DeliveryStatus.FAILED) return 'none';
  const cause = reason.replace(/^max_failovers:/, '');
  return RECIPIENT_SIDE.some((pattern) => pattern.test(cause)) ? 'recipient' : 'platform';
}
