import { readFileSync } from 'node:fs';
import type { HubOAuthOptions } from '../auth/hub-oauth.options';
import type { HubSimulatorOptions } from '../hub-options';
import { hubServiceAccountOf } from '../auth/hub-service-account';
import type { PrefixProfile } from '../profiles/number-profile';
import { InvalidProfileError, parseProfilesDocument } from '../profiles/number-profile.parser';

/** An environment variable or the profiles file is unusable; the CLI exits non-zero. */
export class HubConfigError extends Error {
  override readonly name = 'HubConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

function integer(env: Env, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) throw new HubConfigError(`${name} must be an integer from 0 to ${max}, got "${raw}"`);
  return value;
}

function profilesFile(path: string | undefined, readText: (path: string) => string) {
  if (!path) return {};
  try {
    return parseProfilesDocument(JSON.parse(readText(path)) as unknown);
  } catch (error) {
    if (error instanceof InvalidProfileError || error instanceof SyntaxError) throw new HubConfigError(`HUB_SIM_PROFILES_FILE ${path}: ${error.message}`);
    throw new HubConfigError(`HUB_SIM_PROFILES_FILE ${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** HUB_SIM_OAUTH_KEY_FILES: service-account key files whose public halves the token endpoint trusts. */
function oauthOptions(env: Env, readText: (path: string) => string): HubOAuthOptions | undefined {
  const files = (env['HUB_SIM_OAUTH_KEY_FILES'] ?? '').split(',').map((file) => file.trim()).filter(Boolean);
  if (files.length === 0) return undefined;
  const accounts = files.map((file) => {
    try {
      return hubServiceAccountOf(JSON.parse(readText(file)) as Parameters<typeof hubServiceAccountOf>[0]);
    } catch (error) {
      throw new HubConfigError(`HUB_SIM_OAUTH_KEY_FILES ${file}: not a readable service-account key (${(error as NodeJS.ErrnoException).code ?? (error as Error).name})`);
    }
  });
  return { accounts, tokenTtlSeconds: integer(env, 'HUB_SIM_TOKEN_TTL_S', 3600, 86_400) };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/** The CLI's options from HUB_SIM_* variables (documented in main.ts). */
export function hubOptionsFromEnv(env: Env, readText: (path: string) => string = (path) => readFileSync(path, 'utf8')): HubSimulatorOptions {
  const file = profilesFile(env['HUB_SIM_PROFILES_FILE'], readText);
  const smsOnly: PrefixProfile[] = (env['HUB_SIM_SMS_ONLY_PREFIXES'] ?? '')
    .split(',')
    .map((prefix) => prefix.trim())
    .filter(Boolean)
    .map((prefix) => ({ prefix, profile: { rcs: false } }));
  const readDelay = env['HUB_SIM_READ_DELAY_MS'];
  return {
    port: integer(env, 'HUB_SIM_PORT', 4010, 65_535),
    host: env['HUB_SIM_HOST'] || '127.0.0.1',
    agentId: env['HUB_SIM_AGENT_ID'] || 'switchback-sim',
    clientToken: env['HUB_SIM_CLIENT_TOKEN'] || 'hub-sim-client-token',
    ...(env['HUB_SIM_WEBHOOK_URL'] ? { webhookUrl: env['HUB_SIM_WEBHOOK_URL'] } : {}),
    deliveryDelayMs: integer(env, 'HUB_SIM_DELIVERY_DELAY_MS', 50),
    readDelayMs: readDelay === undefined || readDelay.trim() === '' ? null : integer(env, 'HUB_SIM_READ_DELAY_MS', 0),
    ...(file.defaultProfile ? { defaultProfile: file.defaultProfile } : {}),
    ...(file.profiles ? { profiles: file.profiles } : {}),
    // Env prefixes first: on an equally long prefix the earlier entry wins.
    prefixProfiles: [...smsOnly, ...(file.prefixProfiles ?? [])],
    ...optional('oauth', oauthOptions(env, readText)),
  };
}
