import { MAX_SHORT_MESSAGE_OCTETS, planSubmit, relativeValidity } from './submit-plan';

describe('planSubmit', () => {
  const base = { referenceSeed: 'msg-1/1', maxParts: 6 } as const;

  it('sends a single part as a Buffer with data_coding 0 and no UDH', () => {
    const plan = planSubmit({ ...base, text: 'Doors open at 7pm', concatenation: 'udh' });
    expect(plan.parts).toHaveLength(1);
    expect(plan.parts[0]!.fields).toEqual({ data_coding: 0, esm_class: 0, short_message: Buffer.from('Doors open at 7pm', 'latin1') });
  });

  it('prefixes each part with an 8-bit concatenation UDH and sets esm_class 0x40', () => {
    const plan = planSubmit({ ...base, text: 'ж'.repeat(100), concatenation: 'udh' });
    const [first, second] = plan.parts.map((p) => p.fields);
    const ref = (first!['short_message'] as Buffer)[3]!;
    expect([...(first!['short_message'] as Buffer).subarray(0, 6)]).toEqual([0x05, 0x00, 0x03, ref, 2, 1]);
    expect([...(second!['short_message'] as Buffer).subarray(0, 6)]).toEqual([0x05, 0x00, 0x03, ref, 2, 2]);
    expect(first).toMatchObject({ data_coding: 8, esm_class: 0x40 });
    expect((first!['short_message'] as Buffer).length).toBe(6 + 134);
  });

  it('uses SAR TLVs instead when configured, with the same reference on every part', () => {
    const plan = planSubmit({ ...base, text: 'a'.repeat(200), concatenation: 'sar' });
    const fields = plan.parts.map((p) => p.fields);
    expect(fields.map((f) => [f['sar_total_segments'], f['sar_segment_seqnum'], f['esm_class']])).toEqual([
      [2, 1, 0],
      [2, 2, 0],
    ]);
    expect(fields[0]!['sar_msg_ref_num']).toBe(fields[1]!['sar_msg_ref_num']);
    expect((fields[0]!['short_message'] as Buffer).length).toBe(153);
  });

  it('keeps the reference stable across retries of one leg and varies it across legs', () => {
    const ref = (seed: string) => (planSubmit({ ...base, referenceSeed: seed, text: 'a'.repeat(200), concatenation: 'sar' }).parts[0]!.fields['sar_msg_ref_num']);
    expect(ref('m/1')).toBe(ref('m/1'));
    expect(new Set(['m/1', 'm/2', 'n/1', 'o/1'].map(ref)).size).toBeGreaterThan(1);
  });

  it('stays under 254 octets per PDU in the worst case', () => {
    for (const text of ['€'.repeat(450), '😀'.repeat(150), 'a'.repeat(918)]) {
      for (const part of planSubmit({ ...base, text, concatenation: 'udh' }).parts) expect((part.fields['short_message'] as Buffer).length).toBeLessThanOrEqual(MAX_SHORT_MESSAGE_OCTETS);
    }
  });
});

describe('relativeValidity', () => {
  it('formats a TTL as an SMPP relative time, empty for the SMSC default', () => {
    expect(relativeValidity(0)).toBe('');
    expect(relativeValidity(2 * 86_400 + 3 * 3_600 + 4 * 60 + 5)).toBe('000002030405000R');
  });
});
