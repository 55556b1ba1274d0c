import type { DetectorId } from './detector-id';
import { PII_DETECTORS } from './pii-scanner';
import { SECRETLINT_RULES } from './secret-rules.secretlint';
import { SWITCHBACK_RULES } from './secret-rules.switchback';
import { SecretScanner } from './secret-scanner';

/**
 * One step of the content scan. The classifier runs stages in order and checks its time budget
 * between them, so the cheapest, most decisive stage (all secret rules in one RE2 pass) is first.
 */
export interface ScanStage {
  readonly name: string;
  detect(text: string): readonly DetectorId[];
}

export const SECRET_RULES = [...SECRETLINT_RULES, ...SWITCHBACK_RULES];

export function defaultStages(): readonly ScanStage[] {
  const secrets = new SecretScanner(SECRET_RULES);
  return [
    { name: 'secrets', detect: (text) => secrets.scan(text) },
    ...PII_DETECTORS.map((detector) => ({
      name: detector.id,
      detect: (text: string): readonly DetectorId[] => (detector.found(text) ? [detector.id] : []),
    })),
  ];
}
