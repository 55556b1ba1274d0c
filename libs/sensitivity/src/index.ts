export * from './classification';
export * from './sensitivity-level';
export type { DetectorId, SecretDetectorId, PiiDetectorId, LabelDetectorId, ScanDetectorId } from './detector-id';
export { createClassifier, DEFAULT_MAX_SCAN_CHARS, DEFAULT_TIME_BUDGET_MS } from './classifier';
export type { Classify, ClassifierOptions } from './classifier';
export type { ScanStage } from './detector-registry';
export { classify } from './default-classifier';
