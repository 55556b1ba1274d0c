import { z } from 'zod';

/** The OAuth scope every RBM API call needs. */
export const RBM_SCOPE = 'https://www.googleapis.com/auth/rcsbusinessmessaging';

/**
 * How this service authenticates to RBM (or a hub speaking its API). Composed into the schema of
 * each service that calls the hub; `checkRbmAuthConfig` goes into its superRefine.
 */
export const rbmAuthConfig = z.object({
  // service-account: the agent's JSON key (a mounted Secret). workload-identity: Google's
  // application-default credentials (GKE workload identity, a metadata server). none: no
  // Authorization header, for a local hub simulator only (the Helm chart never sets it).
  RBM_AUTH: z.enum(['service-account', 'workload-identity', 'none']).default('service-account'),
  RBM_SERVICE_ACCOUNT_KEY_FILE: z.string().min(1).optional(),
  // Where the JWT-bearer grant is posted. Unset: the key's own token_uri (Google's endpoint for
  // real keys). Set it only for a token endpoint the key does not name.
  RBM_TOKEN_URL: z.string().url().optional(),
  RBM_SCOPE: z.string().min(1).default(RBM_SCOPE),
  // A cached token is replaced this long before it expires, so no call carries a token that
  // expires in flight (Google's tokens live an hour).
  RBM_TOKEN_REFRESH_MARGIN_MS: z.coerce.number().int().min(0).max(3_000_000).default(300_000),
  // Bound of one token request (the auth library retries a failed one once within it).
  RBM_TOKEN_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
});

export type RbmAuthConfig = z.infer<typeof rbmAuthConfig>;

/** Cross-field rules: a service-account needs its key file. */
export function checkRbmAuthConfig(config: Pick<RbmAuthConfig, 'RBM_AUTH' | 'RBM_SERVICE_ACCOUNT_KEY_FILE'>, ctx: z.RefinementCtx): void {
  if (config.RBM_AUTH === 'service-account' && config.RBM_SERVICE_ACCOUNT_KEY_FILE === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['RBM_SERVICE_ACCOUNT_KEY_FILE'],
      message: 'RBM_AUTH=service-account needs the path of the agent\'s service-account JSON key (or set RBM_AUTH=workload-identity, or none for a local simulator)',
    });
  }
}
