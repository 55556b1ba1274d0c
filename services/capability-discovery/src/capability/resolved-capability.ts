/** What one lookup found; `source` says whether it came from the cache or the hub. */
export interface ResolvedCapability {
  readonly rcs: boolean;
  readonly rcsE2ee: boolean;
  readonly inappE2ee: boolean;
  readonly features: string[];
  readonly source: 'cache' | 'hub';
  readonly checkedAtMs: number;
}
