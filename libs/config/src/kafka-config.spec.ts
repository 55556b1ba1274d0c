import { kafkaConfig } from './config-fragments';

describe('kafka config fragment: BUS_LAG_INTERVAL_MS', () => {
  it('samples the consumer lag every 15 s unless told otherwise', () => {
    expect(kafkaConfig.parse({}).BUS_LAG_INTERVAL_MS).toBe(15_000);
    expect(kafkaConfig.parse({ BUS_LAG_INTERVAL_MS: '5000' }).BUS_LAG_INTERVAL_MS).toBe(5_000);
  });

  it('takes 0 as off and rejects a negative or fractional interval, naming the variable', () => {
    expect(kafkaConfig.parse({ BUS_LAG_INTERVAL_MS: '0' }).BUS_LAG_INTERVAL_MS).toBe(0);
    for (const bad of ['-1', '1.5', 'soon']) {
      const result = kafkaConfig.safeParse({ BUS_LAG_INTERVAL_MS: bad });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(['BUS_LAG_INTERVAL_MS']);
    }
  });
});
