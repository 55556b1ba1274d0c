import { GoogleAuth, JWT, type AuthClient } from 'google-auth-library';
import { GoogleRbmAuthorizer } from './google-rbm-authorizer';
import type { RbmAuthConfig } from './rbm-auth.config';
import { NO_RBM_AUTH, type RbmAuthorizer } from './rbm-authorizer';
import { readServiceAccountKey } from './service-account-key';

/** The auth library posts every JWT-bearer grant here, whatever the key's token_uri says. */
const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

/**
 * Builds the service's RbmAuthorizer from its config. A service-account key is read and checked
 * here, at boot: a missing or malformed key stops the service with a message naming the file.
 */
export function createRbmAuthorizer(config: RbmAuthConfig): RbmAuthorizer {
  const clientOptions = { eagerRefreshThresholdMillis: config.RBM_TOKEN_REFRESH_MARGIN_MS };
  switch (config.RBM_AUTH) {
    case 'none':
      return NO_RBM_AUTH;
    case 'service-account': {
      const key = readServiceAccountKey(config.RBM_SERVICE_ACCOUNT_KEY_FILE ?? '');
      const tokenUrl = config.RBM_TOKEN_URL ?? key.token_uri ?? GOOGLE_TOKEN_URL;
      // The assertion's audience is the endpoint it is posted to (the library always names Google's).
      const audience = tokenUrl === GOOGLE_TOKEN_URL ? {} : { additionalClaims: { aud: tokenUrl } };
      const jwt = new JWT({ email: key.client_email, key: key.private_key, keyId: key.private_key_id, scopes: [config.RBM_SCOPE], ...audience, ...clientOptions });
      boundTokenRequests(jwt, tokenUrl, config.RBM_TOKEN_TIMEOUT_MS);
      return new GoogleRbmAuthorizer(() => Promise.resolve(jwt));
    }
    case 'workload-identity': {
      const auth = new GoogleAuth({ scopes: [config.RBM_SCOPE], clientOptions });
      let client: Promise<AuthClient> | undefined;
      return new GoogleRbmAuthorizer(() => {
        client ??= auth.getClient().then((created) => {
          boundTokenRequests(created, undefined, config.RBM_TOKEN_TIMEOUT_MS);
          return created;
        });
        return client;
      });
    }
  }
}

/**
 * Token requests get a timeout and at most one retry (the library's default is three, unbounded
 * in time), use Node's fetch, and go to the key's own token_uri: the Node library ignores that field, which other
 * Google clients honour, and a private deployment or a test lab names its own endpoint there.
 */
function boundTokenRequests(client: AuthClient, tokenUrl: string | undefined, timeoutMs: number): void {
  client.transporter.interceptors.request.add({
    resolved: (options) => {
      if (tokenUrl !== undefined && tokenUrl !== GOOGLE_TOKEN_URL && String(options.url) === GOOGLE_TOKEN_URL) options.url = new URL(tokenUrl);
      options.timeout = timeoutMs;
      // Node's own fetch, as every other HTTP call of ours (gaxios would load node-fetch lazily).
      options.fetchImplementation ??= fetch;
      options.retryConfig = { ...options.retryConfig, retry: 1, noResponseRetries: 1, totalTimeout: timeoutMs };
      return Promise.resolve(options);
    },
  });
}
