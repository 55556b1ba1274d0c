import { loadConfig } from '@switchback/config';
import { rcsHubs } from '../delivery/hub-circuit';
import { rcsGatewayConfigSchema } from './rcs-gateway.config';

const required = { IDENTIFIER_HASH_KEY: 'a-unit-test-key-0123456789', RBM_AUTH: 'none', RBM_CLIENT_TOKEN: 'client-token', RBM_AGENT_ID: 'agent-1' };
const hubs = (list: object[]) => JSON.stringify(list);

describe('rcs-gateway hubs config', () => {
  it('keeps HUB_BASE_URL as the one-hub shorthand (GLOBAL unless HUB_REGION says otherwise)', () => {
    expect(rcsHubs(loadConfig(rcsGatewayConfigSchema, { ...required, HUB_BASE_URL: 'https://hub.example/' }))).toEqual([
      { id: 'default', region: 'GLOBAL', priority: 0, weight: 1, baseUrl: 'https://hub.example', agentId: 'agent-1', pathId: 'rcs:agent-1@hub.example' },
    ]);
    expect(rcsHubs(loadConfig(rcsGatewayConfigSchema, { ...required, HUB_BASE_URL: 'https://hub.example', HUB_REGION: 'EU' }))[0]!.region).toBe('EU');
  });

  it('takes several hubs in RBM_HUBS, each with its region, agent and breaker path', () => {
    const config = loadConfig(rcsGatewayConfigSchema, { ...required, RBM_HUBS: hubs([{ id: 'eu', region: 'EU', baseUrl: 'https://eu.hub.example' }, { id: 'us', region: 'US', baseUrl: 'https://us.hub.example', agentId: 'agent-us', priority: 1, weight: 5 }]) });
    expect(rcsHubs(config).map((h) => [h.id, h.region, h.pathId, h.priority, h.weight])).toEqual([
      ['eu', 'EU', 'rcs:agent-1@eu.hub.example', 0, 1],
      ['us', 'US', 'rcs:agent-us@us.hub.example', 1, 5],
    ]);
  });

  it('stops boot on a duplicate hub id, an unknown region, or neither / both of HUB_BASE_URL and RBM_HUBS', () => {
    expect(() => loadConfig(rcsGatewayConfigSchema, { ...required, RBM_HUBS: hubs([{ id: 'a', region: 'EU', baseUrl: 'https://a.example' }, { id: 'a', region: 'US', baseUrl: 'https://b.example' }]) })).toThrow(/RBM_HUBS.*duplicate connector id "a"/s);
    expect(() => loadConfig(rcsGatewayConfigSchema, { ...required, RBM_HUBS: hubs([{ id: 'a', region: 'EU', baseUrl: 'https://a.example' }, { id: 'b', region: 'EU', baseUrl: 'https://a.example' }]) })).toThrow(/duplicate connector agent@host/);
    expect(() => loadConfig(rcsGatewayConfigSchema, { ...required, RBM_HUBS: hubs([{ id: 'a', region: 'MARS', baseUrl: 'https://a.example' }]) })).toThrow(/RBM_HUBS/);
    expect(() => loadConfig(rcsGatewayConfigSchema, required)).toThrow(/exactly one of HUB_BASE_URL/);
    expect(() => loadConfig(rcsGatewayConfigSchema, { ...required, HUB_BASE_URL: 'https://a.example', RBM_HUBS: hubs([{ id: 'a', region: 'EU', baseUrl: 'https://a.example' }]) })).toThrow(/exactly one of HUB_BASE_URL/);
  });
});
