export type SensitivityLevel = 'none' | 'personal' | 'secret';

const RANK: Readonly<Record<SensitivityLevel, number>> = { none: 0, personal: 1, secret: 2 };

export function maxLevel(a: SensitivityLevel, b: SensitivityLevel): SensitivityLevel {
  return RANK[a] >= RANK[b] ? a : b;
}
