import { ConfigException, loadConfig } from '@switchback/config';
import { smppConnectors } from '../smpp/smpp-connectors';
import { smppGatewayConfigSchema } from './smpp-gateway.config';

const required = { IDENTIFIER_HASH_KEY: 'a-unit-test-key-0123456789', SMPP_URL: 'smpp://127.0.0.1:2775', SMPP_SYSTEM_ID: 'switchback', SMPP_PASSWORD: 'secret' };

describe('smpp-gateway config', () => {
  it('has carrier-safe defaults', () => {
    expect(loadConfig(smppGatewayConfigSchema, required)).toMatchObject({
      SMPP_BINDS: 1,
      SMPP_WINDOW_SIZE: 10,
      SMPP_THROUGHPUT_PER_SECOND: 50,
      SMPP_CONCATENATION: 'udh',
      SMPP_MAX_PARTS: 6,
      SMPP_RECEIPT_TTL_S: 259_200,
      SMPP_TLS_REJECT_UNAUTHORIZED: true,
    });
  });

  it('accepts ssmpp:// and SAR, and names a bad variable', () => {
    expect(loadConfig(smppGatewayConfigSchema, { ...required, SMPP_URL: 'ssmpp://smsc.example:3550', SMPP_CONCATENATION: 'sar', SMPP_TLS_REJECT_UNAUTHORIZED: 'false' })).toMatchObject({ SMPP_CONCATENATION: 'sar', SMPP_TLS_REJECT_UNAUTHORIZED: false });
    expect(() => loadConfig(smppGatewayConfigSchema, { ...required, SMPP_WINDOW_SIZE: '0' })).toThrow(/SMPP_WINDOW_SIZE/);
    expect(() => loadConfig(smppGatewayConfigSchema, { ...required, SMPP_RECONNECT_MIN_MS: '5000', SMPP_RECONNECT_MAX_MS: '1000' })).toThrow(ConfigException);
  });

  it('takes several connectors in SMPP_URL and circuit settings, defaulting to at-most-once submits', () => {
    const config = loadConfig(smppGatewayConfigSchema, { ...required, SMPP_URL: 'smpp://a.example:2775, ssmpp://b.example:3550' });
    expect(config).toMatchObject({ SMPP_IN_DOUBT_POLICY: 'fail', CIRCUIT_FAILURE_RATIO: 0.5, CIRCUIT_MIN_CALLS: 10, CIRCUIT_HALF_OPEN_PROBES: 3 });
    expect(() => loadConfig(smppGatewayConfigSchema, { ...required, SMPP_URL: 'smpp://a.example:2775,http://b:1' })).toThrow(/SMPP_URL/);
    expect(() => loadConfig(smppGatewayConfigSchema, { ...required, CIRCUIT_MIN_CALLS: '60', CIRCUIT_WINDOW_CALLS: '50' })).toThrow(/CIRCUIT_MIN_CALLS/);
    expect(() => loadConfig(smppGatewayConfigSchema, { ...required, SMPP_IN_DOUBT_POLICY: 'maybe' })).toThrow(/SMPP_IN_DOUBT_POLICY/);
  });

  it('keeps SMPP_URL as the shorthand: connectors smsc-1.. of SMPP_REGION, preferred in the order written', () => {
    const config = loadConfig(smppGatewayConfigSchema, { ...required, SMPP_URL: 'smpp://a.example:2775,smpp://b.example:2775', SMPP_REGION: 'EU' });
    expect(smppConnectors(config).map((c) => [c.id, c.region, c.priority, c.pathId, c.systemId])).toEqual([
      ['smsc-1', 'EU', 0, 'smpp:a.example:2775', 'switchback'],
      ['smsc-2', 'EU', 1, 'smpp:b.example:2775', 'switchback'],
    ]);
  });

  it('takes SMPP_CONNECTORS with regions and own credentials, and stops boot on duplicates or a missing list', () => {
    const { SMPP_URL: _url, ...base } = required;
    const list = (entries: object[]) => ({ ...base, SMPP_CONNECTORS: JSON.stringify(entries) });
    const config = loadConfig(smppGatewayConfigSchema, list([{ id: 'eu', region: 'EU', url: 'smpp://eu.example:2775', systemId: 'eu-sys', passwordFile: '/run/secrets/eu' }, { id: 'us', region: 'US', url: 'ssmpp://us.example:3550', weight: 2 }]));
    expect(smppConnectors(config)).toEqual([
      { id: 'eu', region: 'EU', priority: 0, weight: 1, url: 'smpp://eu.example:2775', systemId: 'eu-sys', passwordFile: '/run/secrets/eu', pathId: 'smpp:eu.example:2775' },
      { id: 'us', region: 'US', priority: 0, weight: 2, url: 'ssmpp://us.example:3550', systemId: 'switchback', pathId: 'smpp:us.example:3550' },
    ]);
    expect(() => loadConfig(smppGatewayConfigSchema, list([{ id: 'x', region: 'EU', url: 'smpp://a:1' }, { id: 'x', region: 'US', url: 'smpp://b:1' }]))).toThrow(/SMPP_CONNECTORS.*duplicate connector id "x"/s);
    expect(() => loadConfig(smppGatewayConfigSchema, list([{ id: 'x', region: 'EU', url: 'smpp://a:1' }, { id: 'y', region: 'US', url: 'smpp://a:1' }]))).toThrow(/duplicate connector host:port "a:1"/);
    expect(() => loadConfig(smppGatewayConfigSchema, base)).toThrow(/exactly one of SMPP_URL and SMPP_CONNECTORS/);
  });
});
