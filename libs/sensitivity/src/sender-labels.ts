import type { LabelDetectorId } from './detector-id';

export interface LabelSignals {
  /** Labels that raise sensitivity ("secret", "confidential", "pii"). */
  readonly raising: readonly LabelDetectorId[];
  /** The sender called the content "public". Only a tenant policy can let that count. */
  readonly publicClaim: boolean;
}

// "confidential" maps to secret-level (see detector-id.ts): the sender asks that it never be
// exposed, which is exactly the guarantee secret-level routing gives.
const RAISING: Readonly<Record<string, LabelDetectorId>> = {
  secret: 'label.secret',
  confidential: 'label.confidential',
  pii: 'label.pii',
};

/** Reads sender labels case-insensitively; unknown labels are ignored and never echoed. */
export function readSenderLabels(labels: readonly string[] | undefined): LabelSignals {
  const raising = new Set<LabelDetectorId>();
  let publicClaim = false;
  for (const raw of labels ?? []) {
    if (typeof raw !== 'string') continue;
    const label = raw.trim().toLowerCase();
    if (Object.hasOwn(RAISING, label)) raising.add(RAISING[label]);
    else if (label === 'public') publicClaim = true;
  }
  return { raising: [...raising], publicClaim };
}
