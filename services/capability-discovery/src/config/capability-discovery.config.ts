import { credentialList, scopedCredentialList, httpClientConfig, kafkaConfig, loadConfig, postgresConfig, redisConfig, serviceConfig, identifierHashConfig } from '@switchback/config';
import { checkRbmAuthConfig, rbmAuthConfig } from '@switchback/rbm-auth';
import { z } from 'zod';

const DAY_S = 24 * 3600;

export interface DeviceKeyToken {
  readonly client: string;
  /** The tenant whose numbers the client registers keys for. */
  readonly tenantId: string;
  readonly token: string;
}

/**
 * DEVICE_KEY_TOKENS="app@acme:token1,web@globex:token2": bearer tokens for the device-key API,
 * each bound to one tenant (there is no global device-key token); empty = closed.
 */
const deviceKeyTokens = scopedCredentialList('client', { allowGlobal: false }).transform((entries): DeviceKeyToken[] => entries.map(({ holder, scope, secret }) => ({ client: holder, tenantId: scope, token: secret })));

/** CAPABILITY_API_KEYS="routing:token": the callers of the capability API (routing); empty = closed. */
const capabilityApiKeys = credentialList('caller', 'token');

export const capabilityDiscoveryConfigSchema = z.object({
  ...serviceConfig.shape,
  ...identifierHashConfig.shape,
  ...kafkaConfig.shape,
  ...redisConfig.shape,
  ...postgresConfig.shape,
  ...httpClientConfig.shape,
  // OAuth for the hub's capability calls (RBM_AUTH, RBM_SERVICE_ACCOUNT_KEY_FILE, ...): libs/rbm-auth.
  ...rbmAuthConfig.shape,
  SERVICE_NAME: z.string().default('capability-discovery'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3101),
  HUB_BASE_URL: z.string().url(),
  // The brief bounds the cache TTL to 30 s – 2 min: fresher is costly, staler misroutes.
  CAPABILITY_CACHE_TTL_S: z.coerce.number().int().min(30).max(120).default(60),
  // "Not RCS" answers expire sooner: a phone that just enabled RCS should not wait long.
  CAPABILITY_NEGATIVE_TTL_S: z.coerce.number().int().min(5).max(120).default(30),
  // How long the last answer stays readable as a stale fallback when the hub fails.
  CAPABILITY_STALE_TTL_S: z.coerce.number().int().min(60).max(7 * DAY_S).default(DAY_S),
  // Stale-while-revalidate: an entry this recently expired is answered at once while one
  // background hub query refreshes it (0 = off). Never used for answers that claim E2EE.
  CAPABILITY_SWR_WINDOW_S: z.coerce.number().int().min(0).max(120).default(30),
  // Hub queries: attempts and total time budget (timeouts included), backoff doubling from the base.
  CAPABILITY_HUB_ATTEMPTS: z.coerce.number().int().min(1).max(5).default(3),
  CAPABILITY_HUB_BUDGET_MS: z.coerce.number().int().min(50).max(10_000).default(1_500),
  CAPABILITY_HUB_BACKOFF_MS: z.coerce.number().int().min(0).max(2_000).default(100),
  // A weaker answer than the pinned level within this window is a suspected downgrade.
  CAPABILITY_PIN_WINDOW_S: z.coerce.number().int().min(60).max(365 * DAY_S).default(30 * DAY_S),
  // Capability history (level changes per contact) is deleted after this; the RBM reach data
  // itself only counts the last 31 days, so shorter would blind the capability matrix.
  CAPABILITY_HISTORY_RETENTION_DAYS: z.coerce.number().int().min(31).max(3650).default(180),
  CAPABILITY_HISTORY_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(3_600_000),
  // 'possible' accepts numbers of a plausible length for their country (test ranges such as
  // +44 7700 900xxx included); 'valid' also requires an allocated number range.
  RECIPIENT_VALIDATION: z.enum(['possible', 'valid']).default('possible'),
  // Who may register in-app E2EE device keys (PUT/GET/DELETE /v1/devices/:e164/keys).
  DEVICE_KEY_TOKENS: deviceKeyTokens,
  // Who may look numbers up (GET /v1/capabilities/:e164, POST /v1/capabilities:batchGet): each
  // lookup costs hub calls and tells whether a number exists, so it is never anonymous.
  CAPABILITY_API_KEYS: capabilityApiKeys,
}).superRefine(checkRbmAuthConfig);

export type CapabilityDiscoveryConfig = z.infer<typeof capabilityDiscoveryConfigSchema>;

export const loadCapabilityDiscoveryConfig = (): CapabilityDiscoveryConfig => loadConfig(capabilityDiscoveryConfigSchema);
