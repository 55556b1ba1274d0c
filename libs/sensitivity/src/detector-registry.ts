import type { DetectorId } from './detector-id';
import { decodeEmbeddedTexts } from './encoded-text';
import { PII_DETECTORS } from './pii-scanner';
import { normaliseForScan } from './scan-normaliser';
import { GITLEAKS_RULES } from './secret-rules.gitleaks';
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

export const SECRET_RULES = [...SECRETLINT_RULES, ...GITLEAKS_RULES, ...SWITCHBACK_RULES];

// base64 inside base64 is still found; deeper nesting is not worth the second decode.
const MAX_DECODE_DEPTH = 2;
const GENERIC_SECRET: DetectorId = 'secret.generic_api_key';

export function defaultStages(): readonly ScanStage[] {
  const secrets = new SecretScanner(SECRET_RULES);
  const plain: readonly ScanStage[] = [
    { name: 'secrets', detect: (text) => withoutRedundantGeneric(secrets.scan(text)) },
    ...PII_DETECTORS.map((detector) => ({
      name: detector.id,
      detect: (text: string): readonly DetectorId[] => (detector.found(text) ? [detector.id] : []),
    })),
  ];
  return [...plain, { name: 'encoded', detect: (text) => scanDecoded(text, plain, MAX_DECODE_DEPTH) }];
}

/** The keyword-and-entropy rule is a fallback: a named format found in the text explains it. */
function withoutRedundantGeneric(ids: readonly DetectorId[]): readonly DetectorId[] {
  return ids.length > 1 ? ids.filter((id) => id !== GENERIC_SECRET) : ids;
}

/**
 * Runs the plain stages over what base64/hex runs in the text decode to, so "cGFzc3dvcmQ9…"
 * is judged like "password=…". A decoding is always shorter than its run, so the total work
 * stays linear in the text.
 */
function scanDecoded(text: string, stages: readonly ScanStage[], depth: number): DetectorId[] {
  const found = new Set<DetectorId>();
  for (const decoded of decodeEmbeddedTexts(text)) {
    const normalised = normaliseForScan(decoded);
    for (const stage of stages) for (const id of stage.detect(normalised)) found.add(id);
    if (depth > 1) for (const id of scanDecoded(normalised, stages, depth - 1)) found.add(id);
  }
  return [...found];
}
