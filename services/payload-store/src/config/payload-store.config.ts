import { credentialList, kafkaConfig, loadConfig, postgresConfig, redisConfig, serviceConfig, identifierHashConfig, type IdentifiedKey } from '@switchback/config';
import { z } from 'zod';
import { isLoopbackOrigin, linkPeppers, linkPeppersFile } from './link-peppers';
import { trustProxy } from './trust-proxy';

const DAY_S = 24 * 3600;

export interface LinkApiKey {
  readonly tenantId: string;
  readonly key: string;
}

/** LINK_API_KEYS="tenantA:key1,tenantB:key2": who may create links, and for which tenant. */
const linkApiKeys = credentialList('tenantId', 'key');

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const payloadStoreConfigSchema = z
  .object({
    ...serviceConfig.shape,
    ...identifierHashConfig.shape,
    ...kafkaConfig.shape,
    ...postgresConfig.shape,
    ...redisConfig.shape,
    SERVICE_NAME: z.string().default('payload-store'),
    HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3105),
    // Where recipients open links: `${PUBLIC_BASE_URL}/s/<id>` (the client adds the #fragment).
    // https: only, except a loopback origin (development): see the refinement below.
    PUBLIC_BASE_URL: z
      .url()
      .default('http://127.0.0.1:3105')
      .transform((value) => value.replace(/\/+$/, '')),
    // Empty (the default) leaves link creation closed: every authenticated call gets 401.
    LINK_API_KEYS: linkApiKeys,
    LINK_DEFAULT_TTL_SECONDS: int(60, 31 * DAY_S).default(3600),
    // Longer asks are refused (400), never clamped: the sender must know what it got.
    LINK_MAX_TTL_SECONDS: int(60, 31 * DAY_S).default(7 * DAY_S),
    LINK_MAX_VIEWS: int(1, 100).default(10),
    // Wrong claim secrets before the link is burned: bounds guessing of short codes.
    LINK_MAX_FAILED_CLAIMS: int(1, 100).default(5),
    LINK_MAX_CIPHERTEXT_BYTES: int(1024, 16 * 1024 * 1024).default(262_144),
    LINK_SWEEP_INTERVAL_MS: int(100, 3_600_000).default(60_000),
    LINK_SWEEP_BATCH: int(1, 10_000).default(500),
    // Fixed-window rate limits (Redis); a window of LINK_RATE_WINDOW_SECONDS.
    LINK_RATE_WINDOW_SECONDS: int(1, 3600).default(60),
    LINK_CREATE_RATE_LIMIT: int(1, 1_000_000).default(600),
    LINK_CLAIM_RATE_LIMIT_PER_IP: int(1, 1_000_000).default(30),
    LINK_CLAIM_RATE_LIMIT_PER_LINK: int(1, 1_000_000).default(10),
    // Behind an ingress, its address range: claims are then limited per recipient address.
    TRUST_PROXY: trustProxy,
    // Keys the access verifiers (HMAC) and wraps the stored ciphertext (AES-GCM), so that a
    // database dump alone cannot test codes or passphrases offline. Never stored in the
    // database; the id of the key used is stored with each link. Required outside development.
    LINK_PEPPERS: linkPeppers,
    // Or the same list in a file (a mounted Secret); not both.
    LINK_PEPPERS_FILE: linkPeppersFile,
  })
  .superRefine((config, ctx) => {
    if (config.LINK_DEFAULT_TTL_SECONDS > config.LINK_MAX_TTL_SECONDS) {
      ctx.addIssue({ code: 'custom', path: ['LINK_DEFAULT_TTL_SECONDS'], message: 'must not exceed LINK_MAX_TTL_SECONDS' });
    }
    // Refinements also run when a field failed: then its own issue says it all.
    if (typeof config.PUBLIC_BASE_URL !== 'string' || !URL.canParse(config.PUBLIC_BASE_URL)) return;
    const development = isLoopbackOrigin(config.PUBLIC_BASE_URL);
    const protocol = new URL(config.PUBLIC_BASE_URL).protocol;
    if (protocol !== 'https:' && !(protocol === 'http:' && development)) {
      ctx.addIssue({ code: 'custom', path: ['PUBLIC_BASE_URL'], message: 'must be an https:// origin (http:// is accepted only for a loopback host such as 127.0.0.1 or localhost, in development): recipients open secrets there' });
    }
    // A malformed list has its own issue already.
    if (!Array.isArray(config.LINK_PEPPERS) || (config.LINK_PEPPERS_FILE !== undefined && !Array.isArray(config.LINK_PEPPERS_FILE))) return;
    if (config.LINK_PEPPERS.length > 0 && config.LINK_PEPPERS_FILE !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['LINK_PEPPERS_FILE'], message: 'set LINK_PEPPERS or LINK_PEPPERS_FILE, not both' });
    }
    const peppers = linkPeppersOf(config);
    if (peppers.length === 0 && !development) {
      ctx.addIssue({ code: 'custom', path: ['LINK_PEPPERS'], message: 'required outside development (PUBLIC_BASE_URL is not a loopback origin): pepperId:<base64 of 32 bytes>, the current one first' });
    }
    const ids = peppers.map((pepper) => pepper.id);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: ['LINK_PEPPERS'], message: 'pepper ids must be unique' });
  });

export type PayloadStoreConfig = z.infer<typeof payloadStoreConfigSchema>;

/** The configured peppers, from LINK_PEPPERS or LINK_PEPPERS_FILE; the first keys new links. */
export function linkPeppersOf(config: Pick<PayloadStoreConfig, 'LINK_PEPPERS' | 'LINK_PEPPERS_FILE'>): readonly IdentifiedKey[] {
  return config.LINK_PEPPERS.length > 0 ? config.LINK_PEPPERS : (config.LINK_PEPPERS_FILE ?? []);
}

export const loadPayloadStoreConfig = (): PayloadStoreConfig => loadConfig(payloadStoreConfigSchema);
