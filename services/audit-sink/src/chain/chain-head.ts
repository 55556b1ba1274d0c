import { GENESIS_HASH } from '@switchback/audit-format';

/** The last row of the chain: what the next row links to. */
export interface ChainHead {
  readonly seq: bigint;
  readonly rowHash: string;
  readonly recordedAt: Date;
}

export const EMPTY_HEAD: ChainHead = { seq: 0n, rowHash: GENESIS_HASH, recordedAt: new Date(0) };
