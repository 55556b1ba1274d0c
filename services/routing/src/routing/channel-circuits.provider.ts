import type { FactoryProvider } from '@nestjs/common';
import { CHANNEL_CIRCUITS, circuitKeyFor, RedisChannelCircuits, type ChannelCircuits } from '@switchback/circuit';
import { CONFIG, REDIS } from '@switchback/runtime';
import type Redis from 'ioredis';
import type { RoutingConfig } from '../config/routing.config';

/** Without Redis (modules tested on their own) no circuit is ever open: the gateways still answer `circuit_open`. */
export const noOpenCircuits: ChannelCircuits = { isOpen: async () => false };

/** Routing's reader of the gateways' channel flags (REDIS from the platform's RedisModule). */
export const channelCircuitsProvider: FactoryProvider<ChannelCircuits> = {
  provide: CHANNEL_CIRCUITS,
  inject: [CONFIG, { token: REDIS, optional: true }],
  useFactory: (config: Pick<RoutingConfig, 'CIRCUIT_KEY_PREFIX' | 'CIRCUIT_CACHE_MS'>, redis?: Redis) =>
    redis ? new RedisChannelCircuits(redis, { cacheMs: config.CIRCUIT_CACHE_MS, keyFor: circuitKeyFor(config.CIRCUIT_KEY_PREFIX) }) : noOpenCircuits,
};
