import { capabilityDiscoveryConfigSchema } from './capability-discovery.config';

describe('capabilityDiscoveryConfigSchema', () => {
  it('never takes the bus key-encryption keys, even when the environment has them: capability-discovery cannot unwrap a data key', () => {
    const kek = `kek1:${Buffer.alloc(32, 7).toString('base64')}`;
    const config = capabilityDiscoveryConfigSchema.parse({ IDENTIFIER_HASH_KEY: 'a-test-key-of-16-chars', RBM_AUTH: 'none', HUB_BASE_URL: 'http://127.0.0.1:4010', BUS_ENVELOPE_KEKS: kek });
    expect(Object.keys(config).filter((name) => name.startsWith('BUS_ENVELOPE'))).toEqual([]);
  });
});
