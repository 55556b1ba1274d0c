import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenIssuer } from './auth/token-issuer';
import { AgentMessageStore, type AgentMessage } from './delivery/agent-message.store';
import { DeliveryScheduler } from './delivery/delivery.scheduler';
import { RbmWebhookDispatcher } from './delivery/rbm-webhook.dispatcher';
import { SendMeter } from './delivery/send-meter';
import { resolveHubOptions, type HubSimulatorOptions } from './hub-options';
import { emptyHubStats, type HubStats } from './hub-stats';
import type { NumberProfile } from './profiles/number-profile';
import { ProfileRegistry } from './profiles/profile.registry';
import type { HubContext } from './routes/hub-context';
import { createHubListener } from './routes/hub.router';
import { NumberGate } from './routes/number.gate';

export interface HubSimulator {
  readonly port: number;
  /** Base URL, e.g. http://127.0.0.1:4010 (what HUB_BASE_URL points at). */
  readonly url: string;
  messages(): AgentMessage[];
  stats(): HubStats;
  /** Overrides the profile of one exact number (like PUT /_sim/numbers/{phone}). */
  setProfile(phone: string, profile: NumberProfile): void;
  /** Forgets messages, stats, profile overrides and pending deliveries (like POST /_sim/reset). */
  reset(): void;
  /** First message, present or future, matching the predicate (state changes count too). */
  waitForMessage(predicate: (message: AgentMessage) => boolean, timeoutMs?: number): Promise<AgentMessage>;
  /** The token endpoint's controls; undefined without `oauth` options. */
  readonly auth: HubAuthControls | undefined;
  /** Stops listening, drops connections, cancels deliveries and webhook retries. */
  close(): Promise<void>;
}

/** Faults of the simulated OAuth side. */
export interface HubAuthControls {
  /** The service-account key can no longer sign grants (deleted in the console). */
  revokeKey(keyId: string): void;
  /** Every access token issued so far is rejected from now on, before its expiry. */
  revokeTokens(): void;
  /** The token endpoint answers `status` (e.g. 503) until called with undefined. */
  setOutage(status: number | undefined): void;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Starts a carrier RCS hub speaking the RBM REST shape (capabilities, agentMessages, revoke, webhooks). */
export async function startHubSimulator(input: HubSimulatorOptions): Promise<HubSimulator> {
  const options = resolveHubOptions(input);
  const log = options.log;
  const closing = new AbortController();
  const stats = emptyHubStats();
  const meter = new SendMeter();
  const currentStats = (): HubStats => ({ ...stats, ...meter.snapshot() });
  const store = new AgentMessageStore();
  const profiles = new ProfileRegistry(options);
  const webhooks = new RbmWebhookDispatcher({ url: options.webhookUrl, clientToken: options.clientToken }, options.webhookRetry, stats, log);
  const scheduler = new DeliveryScheduler(store, profiles, webhooks, stats, options, log);
  const auth = options.oauth === undefined ? undefined : new TokenIssuer(options.oauth, stats);

  const ctx: HubContext = {
    options,
    profiles,
    store,
    scheduler,
    stats,
    gate: new NumberGate(profiles, stats, closing.signal, log),
    meter,
    auth,
    currentStats,
    setProfile(phone, profile) {
      profiles.set(phone, profile);
      scheduler.profileChanged(phone);
      log({ event: 'profile.set', rcs: profile.rcs, offline: profile.offline ?? false });
    },
    reset() {
      scheduler.cancelAll();
      store.clear();
      profiles.reset();
      Object.assign(stats, emptyHubStats());
      meter.reset();
      auth?.reset();
      log({ event: 'reset' });
    },
  };

  const server = createServer(createHubListener(ctx));
  const port = await listen(server, options.port, options.host);
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  log({ event: 'listening', port, webhooks: options.webhookUrl !== undefined, oauth: auth !== undefined });

  let closed: Promise<void> | undefined;
  return {
    port,
    url,
    messages: () => store.list(),
    stats: currentStats,
    setProfile: (phone, profile) => ctx.setProfile(phone, profile),
    reset: () => ctx.reset(),
    auth: auth === undefined ? undefined : { revokeKey: (keyId) => auth.revokeKey(keyId), revokeTokens: () => auth.revokeTokens(), setOutage: (status) => auth.setOutage(status) },
    waitForMessage: (predicate, timeoutMs = 5_000) => store.waitFor(predicate, timeoutMs),
    close() {
      closed ??= (async () => {
        closing.abort();
        scheduler.cancelAll();
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await Promise.all([stopped, webhooks.close()]);
        log({ event: 'closed' });
      })();
      return closed;
    },
  };
}
