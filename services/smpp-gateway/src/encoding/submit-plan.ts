import { createHash } from 'node:crypto';
import { segmentText } from './segmenter';

export type Concatenation = 'udh' | 'sar';

export interface SubmitPlanInput {
  readonly text: string;
  /** Stable across retries of the same leg: the handset must see one reference for all parts. */
  readonly referenceSeed: string;
  readonly concatenation: Concatenation;
  readonly maxParts: number;
}

export interface PlannedPart {
  /** 1-based. */
  readonly sequence: number;
  /** submit_sm fields that depend on the text: data_coding, esm_class, short_message, sar_*. */
  readonly fields: Readonly<Record<string, unknown>>;
}

export interface SubmitPlan {
  readonly dataCoding: number;
  readonly parts: readonly PlannedPart[];
}

const ESM_CLASS_UDHI = 0x40;
const IEI_CONCAT_8BIT = 0x00;
/** SMPP 3.4 sm_length is one octet and the spec caps short_message at 254. */
export const MAX_SHORT_MESSAGE_OCTETS = 254;

function reference(seed: string, bits: 8 | 16): number {
  const digest = createHash('sha256').update(seed).digest();
  return bits === 8 ? digest.readUInt8(0) : digest.readUInt16BE(0);
}

/**
 * The submit_sm PDUs of one text: short_message is always a Buffer with an explicit
 * data_coding, so the `smpp` package neither re-encodes nor relabels it (GSM would become 1).
 */
export function planSubmit(input: SubmitPlanInput): SubmitPlan {
  const { dataCoding, parts } = segmentText(input.text, input.maxParts);
  const total = parts.length;
  const planned = parts.map((payload, index): PlannedPart => {
    const sequence = index + 1;
    let fields: Record<string, unknown>;
    if (total === 1) {
      fields = { data_coding: dataCoding, esm_class: 0, short_message: payload };
    } else if (input.concatenation === 'udh') {
      const udh = Buffer.from([0x05, IEI_CONCAT_8BIT, 0x03, reference(input.referenceSeed, 8), total, sequence]);
      fields = { data_coding: dataCoding, esm_class: ESM_CLASS_UDHI, short_message: Buffer.concat([udh, payload]) };
    } else {
      fields = { data_coding: dataCoding, esm_class: 0, short_message: payload, sar_msg_ref_num: reference(input.referenceSeed, 16), sar_total_segments: total, sar_segment_seqnum: sequence };
    }
    const octets = (fields['short_message'] as Buffer).length;
    if (octets > MAX_SHORT_MESSAGE_OCTETS) throw new RangeError(`part ${sequence} is ${octets} octets, over ${MAX_SHORT_MESSAGE_OCTETS}`);
    return { sequence, fields };
  });
  return { dataCoding, parts: planned };
}

/** validity_period in SMPP relative format (YYMMDDhhmmss000R) for a TTL in seconds; '' = SMSC default. */
export function relativeValidity(ttlSeconds: number): string {
  if (!ttlSeconds) return '';
  const capped = Math.min(ttlSeconds, 99 * 86_400);
  const two = (n: number) => String(n).padStart(2, '0');
  const days = Math.floor(capped / 86_400);
  const hours = Math.floor((capped % 86_400) / 3_600);
  const minutes = Math.floor((capped % 3_600) / 60);
  return `0000${two(days)}${two(hours)}${two(minutes)}${two(capped % 60)}000R`;
}
