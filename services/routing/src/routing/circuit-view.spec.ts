import { Channel, FallbackReason } from '@switchback/contracts';
import { channelCircuitKey, circuitKeyFor } from '@switchback/circuit';
import { routingConfigSchema } from '../config/routing.config';
import { CircuitView } from './circuit-view';

describe('CircuitView', () => {
  let now = 0;
  const clock = { now: () => now };

  it('turns open channels into CIRCUIT_OPEN exclusions and asks again only after CIRCUIT_CACHE_MS', async () => {
    const open = new Set<Channel>([Channel.RCS]);
    const isOpen = jest.fn(async (channel: Channel) => open.has(channel));
    const view = new CircuitView({ isOpen }, clock, { CIRCUIT_CACHE_MS: 1000 });
    expect(await view.openChannels()).toEqual(new Map([[Channel.RCS, FallbackReason.CIRCUIT_OPEN]]));
    const asked = isOpen.mock.calls.length;
    open.clear();
    now = 999;
    expect((await view.openChannels()).size).toBe(1); // cached
    expect(isOpen).toHaveBeenCalledTimes(asked);
    now = 1000;
    expect((await view.openChannels()).size).toBe(0);
  });

  it('treats a store that cannot answer as closed (the gateway still reports circuit_open)', async () => {
    const view = new CircuitView({ isOpen: async () => Promise.reject(new Error('redis down')) }, clock, { CIRCUIT_CACHE_MS: 0 });
    expect((await view.openChannels()).size).toBe(0);
  });
});

describe('circuitKeyFor', () => {
  it("reads the gateways' flags under the default prefix", () => {
    const defaultPrefix = routingConfigSchema.parse({ IDENTIFIER_HASH_KEY: 'a-test-key-of-16-chars', HOLD_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'), IDEMPOTENCY_BODY_KEYS: `i1:${Buffer.alloc(32).toString('base64')}`, CONTENT_FINGERPRINT_KEYS: `f1:${Buffer.alloc(32).toString('base64')}` }).CIRCUIT_KEY_PREFIX;
    for (const channel of [Channel.RCS_E2EE, Channel.RCS, Channel.SMS]) expect(circuitKeyFor(defaultPrefix)(channel)).toBe(channelCircuitKey(channel));
  });
});
