import { HubConfigError, hubOptionsFromEnv } from './hub-env.config';

describe('hubOptionsFromEnv', () => {
  it('uses the documented defaults', () => {
    expect(hubOptionsFromEnv({})).toEqual({
      port: 4010,
      host: '127.0.0.1',
      agentId: 'switchback-sim',
      clientToken: 'hub-sim-client-token',
      deliveryDelayMs: 50,
      readDelayMs: null,
      prefixProfiles: [],
    });
  });

  it('reads every variable', () => {
    const options = hubOptionsFromEnv({
      HUB_SIM_PORT: '0',
      HUB_SIM_WEBHOOK_URL: 'http://127.0.0.1:9/hook',
      HUB_SIM_CLIENT_TOKEN: 'tok',
      HUB_SIM_AGENT_ID: 'agent',
      HUB_SIM_DELIVERY_DELAY_MS: '5',
      HUB_SIM_READ_DELAY_MS: '7',
      HUB_SIM_SMS_ONLY_PREFIXES: '+1555, +4477 ,',
    });
    expect(options).toMatchObject({ port: 0, webhookUrl: 'http://127.0.0.1:9/hook', clientToken: 'tok', agentId: 'agent', deliveryDelayMs: 5, readDelayMs: 7 });
    expect(options.prefixProfiles).toEqual([
      { prefix: '+1555', profile: { rcs: false } },
      { prefix: '+4477', profile: { rcs: false } },
    ]);
  });

  it('merges a profiles file after the SMS-only prefixes', () => {
    const file = JSON.stringify({
      defaultProfile: { rcs: false },
      profiles: { '+33612345678': { rcs: true, e2ee: true, latencyMs: 20 } },
      prefixProfiles: [{ prefix: '+49', profile: { rcs: true, offline: true } }],
    });
    const options = hubOptionsFromEnv({ HUB_SIM_PROFILES_FILE: '/profiles.json', HUB_SIM_SMS_ONLY_PREFIXES: '+1555' }, () => file);
    expect(options.defaultProfile).toEqual({ rcs: false });
    expect(options.profiles).toEqual({ '+33612345678': { rcs: true, e2ee: true, latencyMs: 20 } });
    expect(options.prefixProfiles?.map((p) => p.prefix)).toEqual(['+1555', '+49']);
  });

  it.each([
    [{ HUB_SIM_PORT: '70000' }, /HUB_SIM_PORT/],
    [{ HUB_SIM_DELIVERY_DELAY_MS: 'soon' }, /HUB_SIM_DELIVERY_DELAY_MS/],
    [{ HUB_SIM_PROFILES_FILE: '/p.json' }, /profiles\[\+1\]\.rcs/],
  ])('rejects invalid configuration %j', (env, message) => {
    expect(() => hubOptionsFromEnv(env, () => '{"profiles":{"+1":{"rcs":"yes"}}}')).toThrow(HubConfigError);
    expect(() => hubOptionsFromEnv(env, () => '{"profiles":{"+1":{"rcs":"yes"}}}')).toThrow(message);
  });

  it('reports an unreadable profiles file', () => {
    expect(() => hubOptionsFromEnv({ HUB_SIM_PROFILES_FILE: '/does/not/exist.json' })).toThrow(/cannot be read \(ENOENT\)/);
  });
});
