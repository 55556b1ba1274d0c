import type { ConcatInfo } from './submit-sm.decoder';

export interface MessagePart {
  readonly id: string;
  readonly text: string;
  readonly receivedAtMs: number;
}

export interface AssembledMessage {
  /** Part ids in sequence order. */
  readonly ids: string[];
  readonly text: string;
  readonly firstReceivedAtMs: number;
}

/**
 * Collects the parts of concatenated messages, keyed by sender, recipient, reference and part
 * count (references repeat across conversations), and hands back the whole once complete.
 */
export class ConcatenationAssembler {
  private readonly pending = new Map<string, Map<number, MessagePart>>();

  add(source: string, destination: string, concat: ConcatInfo, part: MessagePart): AssembledMessage | undefined {
    const key = `${source}|${destination}|${concat.reference}|${concat.total}`;
    let parts = this.pending.get(key);
    if (!parts) this.pending.set(key, (parts = new Map()));
    parts.set(concat.sequence, part); // a resent part replaces the earlier copy
    if (parts.size < concat.total) return undefined;
    this.pending.delete(key);
    const ordered = [...parts.entries()].sort(([a], [b]) => a - b).map(([, p]) => p);
    return {
      ids: ordered.map((p) => p.id),
      // Each part was decoded on its own: fine for segmenters that split on character boundaries.
      text: ordered.map((p) => p.text).join(''),
      firstReceivedAtMs: Math.min(...ordered.map((p) => p.receivedAtMs)),
    };
  }

  /** Concatenations still missing parts. */
  incomplete(): number {
    return this.pending.size;
  }

  clear(): void {
    this.pending.clear();
  }
}
