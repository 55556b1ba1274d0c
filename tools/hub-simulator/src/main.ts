// Carrier RCS hub simulator (Google RBM REST shape) as a process; runs until SIGTERM/SIGINT.
//
// Environment:
//   HUB_SIM_PORT               listen port (default 4010; 0 = ephemeral)
//   HUB_SIM_HOST               listen address (default 127.0.0.1)
//   HUB_SIM_WEBHOOK_URL        where DELIVERED/READ/TTL_EXPIRATION_REVOKED events are pushed (none = no webhooks)
//   HUB_SIM_CLIENT_TOKEN       HMAC-SHA512 key of X-Goog-Signature (default hub-sim-client-token)
//   HUB_SIM_AGENT_ID           agentId in events (default switchback-sim)
//   HUB_SIM_DELIVERY_DELAY_MS  send accepted -> DELIVERED (default 50)
//   HUB_SIM_READ_DELAY_MS      DELIVERED -> READ (unset = never read)
//   HUB_SIM_SMS_ONLY_PREFIXES  comma list of E.164 prefixes answered as "no RCS" (404); others are RCS-capable
//   HUB_SIM_OAUTH_KEY_FILES    comma list of service-account JSON keys: POST /token grants JWT-bearer
//                              assertions signed by them, and /v1/ calls need a live bearer token
//                              (unset = no auth); HUB_SIM_TOKEN_TTL_S sets expires_in (default 3600)
//   HUB_SIM_PROFILES_FILE      optional JSON {defaultProfile?, profiles?: {E164: profile}, prefixProfiles?: [{prefix, profile}]}
//
// A profile: {rcs, e2ee?, features?, basic? (text-only device: rich content gets 400), offline?,
// latencyMs?, deliveryDelayMs?, readDelayMs?, ttlRevokeFails?, sendNotFound? (capable, but sends get 404), failNext?: {status: 403|429|500|
// 502|503|504, count, retryAfterSeconds?}}. Script one number at run time with
// PUT /_sim/numbers/{E164}; GET /_sim/stats (incl. maxConcurrentSends, peakSendsPerSecond),
// GET /_sim/messages (incl. posts per messageId), POST /_sim/reset. With OAuth: POST
// /_sim/auth/tokens:revoke, POST /_sim/auth/keys/{keyId}:revoke, PUT /_sim/auth/outage {"status": 503|null}.
//
// Logs one JSON line per notable event on stdout (ids, counts and lengths; never text or numbers).
import { HubConfigError, hubOptionsFromEnv } from './config/hub-env.config';
import { errorReason } from '@switchback/simulator-support';
import type { HubSimulatorOptions } from './hub-options';
import { startHubSimulator } from './hub-simulator';
import { jsonLineLogger, type SimLogger } from '@switchback/simulator-support';

function loadOptions(log: SimLogger): HubSimulatorOptions | undefined {
  try {
    return hubOptionsFromEnv(process.env);
  } catch (error) {
    if (!(error instanceof HubConfigError)) throw error;
    log({ event: 'config.invalid', error: error.message });
    return undefined;
  }
}

async function main(): Promise<void> {
  const log = jsonLineLogger('hub-simulator');
  const options = loadOptions(log);
  if (!options) {
    process.exitCode = 2;
    return;
  }
  const simulator = await startHubSimulator({ ...options, log });
  const stop = (signal: NodeJS.Signals) => {
    log({ event: 'stopping', signal });
    void simulator.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), component: 'hub-simulator', event: 'fatal', error: errorReason(error) })}\n`);
  process.exit(1);
});
