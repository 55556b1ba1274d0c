import type { SensitivityLevel } from './sensitivity-level';

/**
 * Stable detector ids: they end up in events, metrics and the audit log, so renaming one is a
 * breaking change. The prefix decides the level (see levelOf).
 */
export type SecretDetectorId = `secret.${string}`;

export type PiiDetectorId = 'pii.card_number' | 'pii.iban' | 'pii.us_ssn' | 'pii.uk_nino' | 'pii.es_dni';

export type LabelDetectorId = 'label.secret' | 'label.confidential' | 'label.pii' | 'label.public';

/** Signals that the scan itself could not vouch for the whole text. */
export type ScanDetectorId = 'scan.truncated' | 'scan.budget_exceeded' | 'scan.error';

export type DetectorId = SecretDetectorId | PiiDetectorId | LabelDetectorId | ScanDetectorId | 'traffic.otp';

/** Content detectors are the ones a permitted "public" label may downgrade. */
export function isContentDetector(id: DetectorId): id is SecretDetectorId | PiiDetectorId {
  return id.startsWith('secret.') || id.startsWith('pii.');
}

export function levelOf(id: DetectorId): SensitivityLevel {
  if (id === 'label.public') return 'none';
  if (id.startsWith('pii.') || id === 'label.pii') return 'personal';
  // secret.*, scan.*, traffic.otp, label.secret, label.confidential: unknown or confidential
  // content is treated like a secret (fail closed).
  return 'secret';
}

/**
 * What an OTP message alone raises: a tenant's OTP policy (sms_first / rcs_first) may let a
 * message through in plaintext only when these are its sole detections.
 */
export const OTP_DETECTOR_IDS: readonly DetectorId[] = ['traffic.otp', 'secret.otp_code'];
