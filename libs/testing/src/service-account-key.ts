import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';

/** The JSON of a Google service-account key (the fields the JWT-bearer flow uses). */
export interface ServiceAccountKeyFile {
  readonly type: 'service_account';
  readonly project_id: string;
  readonly private_key_id: string;
  readonly private_key: string;
  readonly client_email: string;
  readonly client_id: string;
  readonly token_uri: string;
}

/**
 * A fresh RSA service-account key shaped like the JSON the cloud console downloads, whose
 * token_uri names a local token endpoint (the hub simulator's `${url}/token`).
 */
export function createServiceAccountKey(tokenUri: string, email = 'rbm-agent@switchback-sim.iam.gserviceaccount.com'): ServiceAccountKeyFile {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    type: 'service_account',
    project_id: 'switchback-sim',
    private_key_id: randomUUID().replaceAll('-', ''),
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: email,
    client_id: '100000000000000000001',
    token_uri: tokenUri,
  };
}

/** Writes a fresh key to `path` (mode 600, like a mounted Secret) and returns it. */
export function writeServiceAccountKey(path: string, tokenUri: string): ServiceAccountKeyFile {
  const key = createServiceAccountKey(tokenUri);
  writeFileSync(path, JSON.stringify(key, null, 2), { mode: 0o600 });
  return key;
}
