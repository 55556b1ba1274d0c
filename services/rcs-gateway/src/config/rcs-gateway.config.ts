import { busEnvelopeConfig, httpClientConfig, kafkaConfig, loadConfig, redisConfig, serviceConfig, identifierHashConfig } from '@switchback/config';
import { checkCircuitConfig, checkUniqueConnectors, circuitConfig, connectorListSchema, regionalConnectorFields } from '@switchback/circuit';
import { CONNECTOR_REGIONS } from '@switchback/contracts';
import { checkRbmAuthConfig, rbmAuthConfig } from '@switchback/rbm-auth';
import { z } from 'zod';

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

/** One RBM hub connection of RBM_HUBS. agentId defaults to RBM_AGENT_ID. */
export const rbmHubEntry = z
  .object({
    ...regionalConnectorFields,
    baseUrl: z.string().url(),
    agentId: z.string().min(1).optional(),
  })
  .strict();

export type RbmHubEntry = z.infer<typeof rbmHubEntry>;

export const rcsGatewayConfigSchema = z
  .object({
    ...serviceConfig.shape,
    ...identifierHashConfig.shape,
    ...kafkaConfig.shape,
    // Opens and seals the personal fields on the bus: this service needs their plaintext.
    ...busEnvelopeConfig.shape,
    ...redisConfig.shape,
    ...httpClientConfig.shape,
    // The hub's circuit breaker (CIRCUIT_*): see libs/circuit and docs/operations.md.
    ...circuitConfig.shape,
    // OAuth for every RBM call (RBM_AUTH, RBM_SERVICE_ACCOUNT_KEY_FILE, ...): see libs/rbm-auth.
    ...rbmAuthConfig.shape,
    SERVICE_NAME: z.string().default('rcs-gateway'),
    HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3103),
    // One hub (the shorthand): its base URL and the region it processes in. Or RBM_HUBS.
    HUB_BASE_URL: z.string().url().optional(),
    HUB_REGION: z.enum(CONNECTOR_REGIONS).default('GLOBAL'),
    // Several hubs: a JSON array of {id, region (EU|US|ASIA|GLOBAL), baseUrl, agentId?,
    // priority? (lower first, default 0), weight? (default 1)}; each has its own breaker. A leg
    // uses only the hubs of the regions routing stamped on it (tenant residency).
    RBM_HUBS: connectorListSchema(rbmHubEntry).optional(),
    // The agent's clientToken: RBM signs webhooks with it (HMAC-SHA512).
    RBM_CLIENT_TOKEN: z.string().min(8),
    // Sent as agentId on every call; also the namespace of our RBM messageIds.
    RBM_AGENT_ID: z.string().min(1).default('switchback'),
    // Per-agent limits of this instance: sends in flight at once, and a token bucket (msg/s, burst).
    RBM_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(1_000).default(16),
    RBM_RATE_PER_SECOND: z.coerce.number().min(0.1).max(10_000).default(100),
    RBM_RATE_BURST: z.coerce.number().int().min(1).max(10_000).default(20),
    // Longest a send waits for a slot, a token or the end of a Retry-After cool-down before it is
    // parked on the bus's retry topic instead (so a partition is never held for long).
    RBM_PERMIT_WAIT_MAX_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
    // Upper bound for a Retry-After the hub asks for (a bogus header must not stall the agent).
    RBM_RETRY_AFTER_MAX_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
    // Adds an "Open link" suggested action when the text holds exactly one https URL; devices
    // without ACTION_OPEN_URL answer 400 and get the plain text instead.
    RBM_SUGGEST_OPEN_URL: flag.default(false),
  })
  .superRefine((config, ctx) => {
    checkCircuitConfig(config, ctx);
    checkRbmAuthConfig(config, ctx);
    if ((config.HUB_BASE_URL === undefined) === (config.RBM_HUBS === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'set exactly one of HUB_BASE_URL (one hub) and RBM_HUBS (several)', path: ['RBM_HUBS'] });
    }
    if (config.RBM_HUBS) {
      checkUniqueConnectors(config.RBM_HUBS.map((hub) => hub.id), 'id', ctx, 'RBM_HUBS');
      checkUniqueConnectors(config.RBM_HUBS.map((hub) => `${hub.agentId ?? config.RBM_AGENT_ID}@${new URL(hub.baseUrl).host}`), 'agent@host', ctx, 'RBM_HUBS');
    }
  });

export type RcsGatewayConfig = z.infer<typeof rcsGatewayConfigSchema>;

export const loadRcsGatewayConfig = (): RcsGatewayConfig => loadConfig(rcsGatewayConfigSchema);
