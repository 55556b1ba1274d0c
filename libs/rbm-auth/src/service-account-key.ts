import { readFileSync } from 'node:fs';
import { createPrivateKey } from 'node:crypto';
import { z } from 'zod';

/** The fields of a Google service-account JSON key that the JWT-bearer grant uses. */
const keySchema = z.object({
  type: z.literal('service_account'),
  client_email: z.string().min(3),
  private_key: z.string().min(1),
  private_key_id: z.string().min(1).optional(),
  token_uri: z.string().url().optional(),
});

export type ServiceAccountKey = z.infer<typeof keySchema>;

/** A key file that cannot be used; the message names the file and the problem, never the key. */
export class ServiceAccountKeyError extends Error {
  override readonly name = 'ServiceAccountKeyError';
}

/** Reads and checks the key at boot, so a bad Secret stops the service instead of every send. */
export function readServiceAccountKey(path: string): ServiceAccountKey {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ServiceAccountKeyError(`RBM_SERVICE_ACCOUNT_KEY_FILE ${path}: cannot read it (${code})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ServiceAccountKeyError(`RBM_SERVICE_ACCOUNT_KEY_FILE ${path}: not JSON (expected a service-account key)`);
  }
  const parsed = keySchema.safeParse(json);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.') || 'type').join(', ');
    throw new ServiceAccountKeyError(`RBM_SERVICE_ACCOUNT_KEY_FILE ${path}: not a service-account key (check ${fields})`);
  }
  try {
    createPrivateKey(parsed.data.private_key);
  } catch {
    throw new ServiceAccountKeyError(`RBM_SERVICE_ACCOUNT_KEY_FILE ${path}: private_key is not a PEM private key`);
  }
  return parsed.data;
}
