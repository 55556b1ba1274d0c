import { busEnvelopeConfig, httpClientConfig, kafkaConfig, loadConfig, redisConfig, serviceConfig, identifierHashConfig } from '@switchback/config';
import { checkCircuitConfig, circuitConfig } from '@switchback/circuit';
import { checkRbmAuthConfig, rbmAuthConfig } from '@switchback/rbm-auth';
import { z } from 'zod';

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

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
    HUB_BASE_URL: z.string().url(),
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
  });

export type RcsGatewayConfig = z.infer<typeof rcsGatewayConfigSchema>;

export const loadRcsGatewayConfig = (): RcsGatewayConfig => loadConfig(rcsGatewayConfigSchema);
