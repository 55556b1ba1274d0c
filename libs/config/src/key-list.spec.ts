import { busEnvelopeConfig } from './config-fragments';

describe('BUS_ENVELOPE_KEKS', () => {
  const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');

  it('reads the current key first and older ones after it, and is empty by default', () => {
    const config = busEnvelopeConfig.parse({ BUS_ENVELOPE_KEKS: `kek2:${key(2)}, kek1:${key(1)}` });
    expect(config.BUS_ENVELOPE_KEKS.map(({ id, key: bytes }) => [id, bytes.length, bytes[0]])).toEqual([
      ['kek2', 32, 2],
      ['kek1', 32, 1],
    ]);
    expect(busEnvelopeConfig.parse({}).BUS_ENVELOPE_KEKS).toEqual([]);
  });

  it('refuses a key of the wrong length by its position, without echoing it', () => {
    const short = Buffer.alloc(16, 9).toString('base64');
    const result = busEnvelopeConfig.safeParse({ BUS_ENVELOPE_KEKS: `kek1:${key(1)},kek0:${short}` });
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(['entry 2 must be kekId:<base64 of 32 bytes>']);
    expect(JSON.stringify(result.error?.issues)).not.toContain(short);
  });
});
