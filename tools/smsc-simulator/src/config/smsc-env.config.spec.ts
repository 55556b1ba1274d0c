import { SmscConfigError, smscConfigFromEnv } from './smsc-env.config';

describe('smscConfigFromEnv', () => {
  it('uses the documented defaults', () => {
    expect(smscConfigFromEnv({})).toEqual({
      smsc: { port: 2775, host: '127.0.0.1', systemId: 'switchback', password: 'secret', receiptDelayMs: 50, messageIdFormat: 'hex', rejectPrefixes: [], dropReceipts: false },
      adminPort: 2776,
    });
  });

  it('reads every variable', () => {
    const config = smscConfigFromEnv({
      SMSC_SIM_PORT: '0',
      SMSC_SIM_SYSTEM_ID: 'sys',
      SMSC_SIM_PASSWORD: 'pw',
      SMSC_SIM_RECEIPT_DELAY_MS: '5',
      SMSC_SIM_MESSAGE_ID_FORMAT: 'hex-resp-decimal-receipt',
      SMSC_SIM_ADMIN_PORT: 'off',
      SMSC_SIM_REJECT_PREFIXES: '+1999:0x0B, 4470:11',
      SMSC_SIM_THROTTLE_PER_SECOND: '20',
      SMSC_SIM_DROP_RECEIPTS: 'true',
    });
    expect(config).toEqual({
      smsc: expect.objectContaining({
        port: 0,
        systemId: 'sys',
        password: 'pw',
        receiptDelayMs: 5,
        messageIdFormat: 'hex-resp-decimal-receipt',
        rejectPrefixes: [
          { prefix: '+1999', status: 0x0b },
          { prefix: '4470', status: 11 },
        ],
        throttleAfterPerSecond: 20,
        dropReceipts: true,
      }),
      adminPort: null,
    });
  });

  it.each([
    [{ SMSC_SIM_MESSAGE_ID_FORMAT: 'octal' }, /SMSC_SIM_MESSAGE_ID_FORMAT/],
    [{ SMSC_SIM_PORT: '-1' }, /SMSC_SIM_PORT/],
    [{ SMSC_SIM_REJECT_PREFIXES: '+1999' }, /SMSC_SIM_REJECT_PREFIXES/],
  ])('rejects invalid configuration %j', (env, message) => {
    expect(() => smscConfigFromEnv(env)).toThrow(SmscConfigError);
    expect(() => smscConfigFromEnv(env)).toThrow(message);
  });
});
