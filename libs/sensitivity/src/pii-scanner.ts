import { containsCardNumber } from './card-number';
import type { PiiDetectorId } from './detector-id';
import { isValidDni, isValidNie } from './es-dni';
import { ibanLength, isValidIban } from './iban';
import { compileGlobal, someMatch } from './re2-matches';
import { isValidNino } from './uk-nino';
import { isValidSsn } from './us-ssn';

/**
 * Personal-data detectors: an RE2 pattern finds candidates, a checksum or issuing rule decides.
 * Regex alone would flag every 16-digit number; the validators keep false positives rare.
 *
 * Not detected on purpose: e-mail addresses and phone numbers. Transactional and OTP messages
 * routinely carry the sender's support address or number, and the recipient's own number is
 * already known to every carrier on the path; flagging them would turn most ordinary traffic
 * into secure links and hide the signals that matter (cards, bank accounts, national ids).
 */
export interface PiiDetector {
  readonly id: PiiDetectorId;
  found(text: string): boolean;
}

// Runs of at least 13 digits whose groups are split by up to three spaces, tabs, dots, dashes,
// slashes or underscores ("4111.1111.1111.1111", "5555  5555", "4111 / 1111"); which groups
// may form a card is decided by containsCardNumber.
const CARD_SEPARATORS = ' \t./_-';
const CARD_RUN = compileGlobal(`[0-9](?:[${CARD_SEPARATORS}]{0,3}[0-9]){12,}`, 'pii.card_number');
// Only the start of an IBAN; the rest is read by length, so a greedy pattern cannot swallow
// the next word or a following IBAN.
const IBAN_START = compileGlobal('(?i)\\b[A-Z]{2}[0-9]{2}', 'pii.iban');
const SSN = compileGlobal('\\b([0-9]{3})([- ])([0-9]{2})([- ])([0-9]{4})\\b', 'pii.us_ssn');
const SSN_LABELLED = compileGlobal(
  '(?i)\\b(?:ssn|social security (?:number|no\\.?|#))\\s*(?:is|:|#)?\\s*([0-9]{3})([0-9]{2})([0-9]{4})\\b',
  'pii.us_ssn',
);
const NINO = compileGlobal('(?i)\\b([A-Z]{2}) ?([0-9]{2}) ?([0-9]{2}) ?([0-9]{2}) ?([A-D])\\b', 'pii.uk_nino');
const DNI = compileGlobal('(?i)\\b([0-9]{8})[ -]?([A-Z])\\b', 'pii.es_dni');
const NIE = compileGlobal('(?i)\\b([XYZ])[ -]?([0-9]{7})[ -]?([A-Z])\\b', 'pii.es_dni');

function hasCardNumber(text: string): boolean {
  return someMatch(CARD_RUN, text, (m) => containsCardNumber(splitGroups(m[0])));
}

function hasIban(text: string): boolean {
  return someMatch(IBAN_START, text, (m) => {
    const country = m[0].slice(0, 2).toUpperCase();
    const length = ibanLength(country);
    if (length === undefined) return false;
    const iban = readIban(text, m.index, length);
    // On failure the search resumes right after these four characters, so an IBAN that
    // follows a false start ("Ref AB12 then DE89 …") is still found.
    return iban !== undefined && isValidIban(iban);
  });
}

function hasSsn(text: string): boolean {
  const dashed = someMatch(SSN, text, (m) => m[2] === m[4] && isValidSsn(m[1], m[3], m[5]));
  return dashed || someMatch(SSN_LABELLED, text, (m) => isValidSsn(m[1], m[2], m[3]));
}

function hasNino(text: string): boolean {
  return someMatch(NINO, text, (m) => isValidNino(m.slice(1, 6).join('').toUpperCase()));
}

function hasDni(text: string): boolean {
  return (
    someMatch(DNI, text, (m) => isValidDni((m[1] + m[2]).toUpperCase())) ||
    someMatch(NIE, text, (m) => isValidNie((m[1] + m[2] + m[3]).toUpperCase()))
  );
}

/** Splits "4111 1111-1111" into its digit groups without a (backtracking) JS regex. */
function splitGroups(run: string): string[] {
  const groups: string[] = [];
  let current = '';
  for (const ch of run) {
    if (!CARD_SEPARATORS.includes(ch)) current += ch;
    else if (current !== '') {
      groups.push(current);
      current = '';
    }
  }
  groups.push(current);
  return groups;
}

/**
 * Reads `length` letters/digits from `start`, allowing single spaces (IBANs are printed in
 * groups of four), and requires the IBAN to end there. Returns it upper-cased and compact.
 */
function readIban(text: string, start: number, length: number): string | undefined {
  let iban = '';
  let i = start;
  while (iban.length < length && i < text.length) {
    const ch = text[i];
    if (isAlnum(ch)) iban += ch.toUpperCase();
    else if (!(ch === ' ' && i + 1 < text.length && isAlnum(text[i + 1]))) break;
    i++;
  }
  if (iban.length !== length || (i < text.length && isAlnum(text[i]))) return undefined;
  return iban;
}

function isAlnum(ch: string): boolean {
  return (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
}

export const PII_DETECTORS: readonly PiiDetector[] = [
  { id: 'pii.card_number', found: hasCardNumber },
  { id: 'pii.iban', found: hasIban },
  { id: 'pii.us_ssn', found: hasSsn },
  { id: 'pii.uk_nino', found: hasNino },
  { id: 'pii.es_dni', found: hasDni },
];
