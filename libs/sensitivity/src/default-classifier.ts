import { createClassifier } from './classifier';

/** The process-wide classifier with default limits; rules compile on first import. */
export const classify = createClassifier();
