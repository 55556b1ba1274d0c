import { classify, type Classify } from '@switchback/sensitivity';

/** The sensitivity classifier, injectable so tests can stub a verdict. */
export const CLASSIFIER = Symbol('CLASSIFIER');

export const classifierProvider = { provide: CLASSIFIER, useValue: classify satisfies Classify };
