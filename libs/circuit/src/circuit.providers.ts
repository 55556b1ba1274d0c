import type { FactoryProvider } from '@nestjs/common';
import { EventPublisher } from '@switchback/bus';
import type { Channel } from '@switchback/contracts';
import { CONFIG, REDIS } from '@switchback/runtime';
import { METRICS_REGISTRY } from '@switchback/telemetry';
import type Redis from 'ioredis';
import type { Registry } from 'prom-client';
import { ChannelBreakers } from './channel-breakers';
import { CHANNEL_CIRCUITS, circuitKeyFor, type ChannelCircuits } from './channel-circuits';
import { breakerOptions, type CircuitConfig } from './circuit.config';
import { CircuitEventSink, CircuitMetricsSink } from './circuit-sinks';
import { RedisChannelCircuits } from './redis-channel-circuits';
import { RedisChannelFlag } from './redis-channel-flag';
import { RedisSharedCircuitStore } from './redis-shared-circuit-store';

/** Nest token of a gateway's ChannelBreakers. */
export const CHANNEL_BREAKERS = Symbol('CHANNEL_BREAKERS');

/** How long a booting gateway waits for Redis before it starts on local breakers. */
const BOOT_SHARE_TIMEOUT_MS = 3_000;

/**
 * A gateway's breakers, one per path named by `paths(config)`, wired to the alert event, the
 * metrics and the Redis channel flag; with CIRCUIT_SHARED (default) their state is shared by
 * every instance through Redis, under CIRCUIT_KEY_PREFIX. Needs CONFIG (with circuitConfig),
 * REDIS, the bus and the metrics registry from the platform modules.
 */
export function channelBreakersProvider<C extends CircuitConfig>(channel: Channel, paths: (config: C) => readonly string[]): FactoryProvider<ChannelBreakers> {
  return {
    provide: CHANNEL_BREAKERS,
    inject: [CONFIG, REDIS, EventPublisher, METRICS_REGISTRY],
    useFactory: async (config: C, redis: Redis, publisher: EventPublisher, registry: Registry) => {
      const pathIds = paths(config);
      const flag = new RedisChannelFlag(redis, config.CIRCUIT_INSTANCE_ID, circuitKeyFor(config.CIRCUIT_KEY_PREFIX));
      const sinks = [new CircuitMetricsSink(registry, channel, pathIds), new CircuitEventSink(publisher, config.CIRCUIT_INSTANCE_ID)];
      const options = breakerOptions(config);
      const store = config.CIRCUIT_SHARED
        ? new RedisSharedCircuitStore(redis, channel, options, { keyPrefix: config.CIRCUIT_KEY_PREFIX, instanceId: config.CIRCUIT_INSTANCE_ID, probeLeaseMs: config.CIRCUIT_PROBE_LEASE_MS })
        : undefined;
      const breakers = new ChannelBreakers(channel, pathIds, options, { now: () => Date.now() }, sinks, flag, store && { store, syncMs: config.CIRCUIT_SHARED_SYNC_MS });
      // Boot shared when Redis is up (bounded: a pod without Redis still starts, on local breakers).
      await breakers.shareWhenReachable(BOOT_SHARE_TIMEOUT_MS);
      return breakers;
    },
  };
}

/** Routing's ChannelCircuits (REDIS from the platform's RedisModule). */
export const redisChannelCircuitsProvider: FactoryProvider<ChannelCircuits> = {
  provide: CHANNEL_CIRCUITS,
  inject: [REDIS],
  useFactory: (redis: Redis) => new RedisChannelCircuits(redis),
};
