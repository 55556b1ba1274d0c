import type { SecretDetectorId } from './detector-id';

export interface SecretRule {
  readonly id: SecretDetectorId;
  /** RE2 syntax (no lookaround, no backreference); `(?i)` for case-insensitive rules. */
  readonly pattern: string;
  /**
   * Optional second look at a match, for rules whose shape alone is too broad. Receives the
   * match array ([0] the whole match, then the capture groups); it must not keep or report it.
   */
  readonly accept?: (match: readonly (string | undefined)[]) => boolean;
}
