import { createPublicKey } from 'node:crypto';
import type { HubServiceAccount } from './hub-oauth.options';

/** What the simulated token endpoint needs to trust a service-account key: its public half. */
export function hubServiceAccountOf(key: { readonly client_email: string; readonly private_key_id: string; readonly private_key: string }): HubServiceAccount {
  return { email: key.client_email, keyId: key.private_key_id, publicKey: createPublicKey(key.private_key) };
}
