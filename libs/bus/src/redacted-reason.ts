import { AppException } from '@switchback/errors';

const MAX_REASON_LENGTH = 300;
/** Runs of digits long enough to be a phone number, a one-time code or an account number. */
const LONG_DIGITS = /\+?\d[\d\s().+-]{4,}\d/g;

/**
 * The reason a dead letter's header gives (`sb-dlq-reason`), safe to keep for two weeks on a
 * topic any operator reads. Messages of the platform's own exceptions are written not to quote
 * content, and their long digit runs are masked all the same; any other error (a driver's, a
 * library's) may quote its input, so only its name is kept.
 */
export function redactedReason(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown';
  const text = error instanceof AppException || error.name === 'UndecodableMessage' ? error.message.replace(LONG_DIGITS, '…') : error.name;
  return text.slice(0, MAX_REASON_LENGTH);
}
