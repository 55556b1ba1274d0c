import { Channel } from '@switchback/contracts';

/**
 * How routing learns that a channel has no usable path. A gateway whose every path (carrier
 * hub, SMSC connector) has an open breaker sets this Redis key, with a TTL that ends with the
 * cool-down, and deletes it when a path closes again. Routing then skips the rung: normal
 * traffic moves down the ladder, sensitive traffic goes to a secure link or a block.
 */
export const DEFAULT_CIRCUIT_KEY_PREFIX = 'sb:circuit:channel:';

/** The flag key of a channel under a prefix (CIRCUIT_KEY_PREFIX, the same in routing and the gateways). */
export const circuitKeyFor =
  (prefix: string) =>
  (channel: Channel): string =>
    `${prefix}${Channel[channel] ?? channel}`;

export const channelCircuitKey = circuitKeyFor(DEFAULT_CIRCUIT_KEY_PREFIX);

/** What routing asks at decision time. */
export interface ChannelCircuits {
  /** True when every path of the channel is open (not usable) right now. */
  isOpen(channel: Channel): Promise<boolean>;
}

/** Nest injection token for the ChannelCircuits routing reads. */
export const CHANNEL_CIRCUITS = Symbol('CHANNEL_CIRCUITS');
