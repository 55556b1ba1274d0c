// RCS sends per second through rcs-gateway's send path (RcsSendService: leg record in Redis,
// AgentThrottle with its limits set far above the load, RbmAgentClient's agentMessages POST,
// verdict, DeliveryOutcome built; only the Kafka publish is left out) against a bare `fetch`
// loop posting the same agentMessages request at the same concurrency, in the same run on the
// same freshly started hub simulator (no added latency).
import { NO_RBM_AUTH } from '@switchback/rbm-auth';
import { Channel, type DispatchCommand } from '@switchback/contracts';
import { breakerOptions, ChannelBreakers } from '@switchback/circuit';
import { KeyedHasher } from '@switchback/crypto';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { rcsGatewayConfigSchema } from '../../services/rcs-gateway/src/config/rcs-gateway.config';
import { HubCircuit, rcsHubs } from '../../services/rcs-gateway/src/delivery/hub-circuit';
import { LegStore } from '../../services/rcs-gateway/src/delivery/leg-store';
import { OutcomePublisher } from '../../services/rcs-gateway/src/delivery/outcome.publisher';
import { RcsSendService } from '../../services/rcs-gateway/src/delivery/rcs-send.service';
import { AgentThrottle } from '../../services/rcs-gateway/src/limits/agent-throttle';
import { systemClock } from '@switchback/runtime';
import { RcsMetrics } from '../../services/rcs-gateway/src/metrics/rcs-metrics';
import { RbmAgentClient } from '../../services/rcs-gateway/src/rbm/rbm-agent.client';
import { benchCommands, countingOutcomes, runRound, type RoundResult } from './gateway-round';
import { SimProcess } from './gateway-sim-process';

const NO_FLAG = { raise: async (): Promise<void> => undefined, lower: async (): Promise<void> => undefined };

export const RCS_TEXT = 'Your Switchback parcel arrives today between 14:00 and 16:00. Reply STOP to opt out.';
const AGENT_ID = 'switchback';

export type RcsRunResult = RoundResult;

/**
 * A freshly started hub simulator: every number RCS-capable, no added latency, no webhooks,
 * deliveries scheduled past the end of the run (so they cost nothing while it is measured).
 */
export async function startHub(): Promise<{ sim: SimProcess; url: string; sends: () => Promise<number> }> {
  const sim = await SimProcess.start('hub-simulator', { HUB_SIM_HOST: '127.0.0.1', HUB_SIM_PORT: '0', HUB_SIM_DELIVERY_DELAY_MS: '600000' }, ['listening']);
  const url = `http://127.0.0.1:${sim.port('listening')}`;
  return { sim, url, sends: async () => ((await (await fetch(`${url}/_sim/stats`)).json()) as { sends: number }).sends };
}

export const phoneOf = (i: number): string => `+4477019${String(100_000 + (i % 900_000))}`;

/** The bare client: the agentMessages POST RbmAgentClient makes, `concurrency` at a time. */
export async function bareHttpRun(hubUrl: string, from: number, count: number, concurrency: number): Promise<RcsRunResult> {
  const requests = Array.from({ length: count }, (_, k) => ({
    url: `${hubUrl}/v1/phones/${encodeURIComponent(phoneOf(from + k))}/agentMessages?${new URLSearchParams({ messageId: randomUUID(), agentId: AGENT_ID })}`,
    body: JSON.stringify({ contentMessage: { text: RCS_TEXT } }),
  }));
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let request = requests[next++]; request; request = requests[next++]) {
        const { url, body } = request;
        const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`bare agentMessages POST answered ${response.status}`);
      }
    }),
  );
  return { perSecond: count / ((performance.now() - started) / 1000), count };
}

/** rcs-gateway's RcsSendService and what it depends on, built as DeliveryModule builds them, minus Kafka. */
export class GatewayRcs {
  private constructor(
    private readonly service: RcsSendService,
    private readonly outcomes: { submitted: number; other: number },
  ) {}

  static create(hubUrl: string, redis: Redis, keyPrefix: string): GatewayRcs {
    const config = rcsGatewayConfigSchema.parse({
      IDENTIFIER_HASH_KEY: 'bench-key-0123456789abcdef',
      HTTP_PORT: '0',
      LOG_LEVEL: 'silent',
      REDIS_KEY_PREFIX: keyPrefix,
      // The token cache costs one resolved promise per call; the bench measures the hub path.
      RBM_AUTH: 'none',
      HUB_BASE_URL: hubUrl,
      RBM_CLIENT_TOKEN: 'bench-client-token',
      RBM_AGENT_ID: AGENT_ID,
      // The schema's maxima: neither the in-flight cap nor the bucket (full at 10 000) binds.
      RBM_MAX_IN_FLIGHT: '1000',
      RBM_RATE_PER_SECOND: '10000',
      RBM_RATE_BURST: '10000',
    });
    const metrics = new RcsMetrics(new Registry());
    const { counts: outcomes, publisher } = countingOutcomes();
    const service = new RcsSendService(
      new RbmAgentClient(config, NO_RBM_AUTH),
      new LegStore(redis, config),
      new AgentThrottle(config, systemClock, metrics),
      new OutcomePublisher(publisher, systemClock),
      new KeyedHasher({ key: config.IDENTIFIER_HASH_KEY, keyId: config.IDENTIFIER_HASH_KEY_ID }),
      metrics,
      config,
      systemClock,
      // The production breaker with no-op sinks: its bookkeeping is part of the measured path.
      new HubCircuit(new ChannelBreakers(Channel.RCS, rcsHubs(config).map((hub) => hub.pathId), breakerOptions(config), { now: Date.now }, [], NO_FLAG), config),
    );
    return new GatewayRcs(service, outcomes);
  }

  static commands(runId: string, from: number, count: number): DispatchCommand[] {
    return benchCommands(runId, from, count, Channel.RCS, phoneOf, RCS_TEXT);
  }

  /** Sends every command, `concurrency` at a time; all must come back SUBMITTED. */
  run(commands: readonly DispatchCommand[], concurrency: number): Promise<RcsRunResult> {
    return runRound('rcs-gateway', commands, concurrency, (command) => this.service.send(command, 1), this.outcomes);
  }
}
