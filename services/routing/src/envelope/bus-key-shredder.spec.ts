import type { BusEnvelopeHandle } from '@switchback/runtime';
import { BusKeyShredder } from './bus-key-shredder';

describe('BusKeyShredder', () => {
  const config = { LIFECYCLE_MAX_AGE_S: 259_200, BUS_ENVELOPE_SHRED_INTERVAL_MS: 60_000 };

  it('destroys keys past LIFECYCLE_MAX_AGE_S in bounded batches until a batch is short', async () => {
    const results = [500, 500, 12];
    const shred = jest.fn(async () => results.shift() ?? 0);
    const shredder = new BusKeyShredder({ cipher: { shred } } as unknown as BusEnvelopeHandle, config);
    expect(await shredder.shred()).toBe(1_012);
    expect(shred).toHaveBeenCalledTimes(3);
    expect(shred).toHaveBeenCalledWith(259_200_000, 500);
  });

  it('does nothing without an envelope', async () => {
    const shredder = new BusKeyShredder({ cipher: undefined } as unknown as BusEnvelopeHandle, config);
    expect(await shredder.shred()).toBe(0);
  });
});
