import type { WebhookRetryPolicy } from './delivery/rbm-webhook.dispatcher';
import type { NumberProfile, PrefixProfile } from './profiles/number-profile';
import type { HubOAuthOptions } from './auth/hub-oauth.options';
import { silentLogger, type SimLogger } from '@switchback/simulator-support';

export interface HubSimulatorOptions {
  /** 0 (default) = an ephemeral port; read it from the handle. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Echoed as agentId in webhook events. */
  readonly agentId?: string;
  /** Key of the webhooks' X-Goog-Signature HMAC. */
  readonly clientToken: string;
  /** Where events are pushed; none = no webhooks. */
  readonly webhookUrl?: string;
  /** From accepting a send to DELIVERED; default 50. */
  readonly deliveryDelayMs?: number;
  /** From DELIVERED to READ; null (default) = never read. */
  readonly readDelayMs?: number | null;
  /** For numbers with no exact or prefix profile; default RCS-capable. */
  readonly defaultProfile?: NumberProfile;
  readonly profiles?: Readonly<Record<string, NumberProfile>>;
  /** Longest matching prefix wins. */
  readonly prefixProfiles?: readonly PrefixProfile[];
  /** Default 5 attempts, 200 ms doubling, 5 s per attempt. */
  readonly webhookRetry?: Partial<WebhookRetryPolicy>;
  /** Larger request bodies get 413; default 250 KB, RBM's message size limit. */
  readonly maxBodyBytes?: number;
  /** Google's OAuth flow: a token endpoint at /token, and bearer tokens required on /v1/. */
  readonly oauth?: HubOAuthOptions;
  readonly log?: SimLogger;
}

export interface ResolvedHubOptions {
  readonly port: number;
  readonly host: string;
  readonly agentId: string;
  readonly clientToken: string;
  readonly webhookUrl: string | undefined;
  readonly deliveryDelayMs: number;
  readonly readDelayMs: number | null;
  readonly defaultProfile: NumberProfile;
  readonly profiles: Readonly<Record<string, NumberProfile>>;
  readonly prefixProfiles: readonly PrefixProfile[];
  readonly webhookRetry: WebhookRetryPolicy;
  readonly maxBodyBytes: number;
  readonly oauth: HubOAuthOptions | undefined;
  readonly log: SimLogger;
}

export function resolveHubOptions(options: HubSimulatorOptions): ResolvedHubOptions {
  return {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    agentId: options.agentId ?? 'switchback-sim',
    clientToken: options.clientToken,
    webhookUrl: options.webhookUrl || undefined,
    deliveryDelayMs: options.deliveryDelayMs ?? 50,
    readDelayMs: options.readDelayMs ?? null,
    defaultProfile: options.defaultProfile ?? { rcs: true },
    profiles: options.profiles ?? {},
    prefixProfiles: options.prefixProfiles ?? [],
    webhookRetry: { attempts: 5, initialDelayMs: 200, timeoutMs: 5_000, ...options.webhookRetry },
    maxBodyBytes: options.maxBodyBytes ?? 250 * 1024,
    oauth: options.oauth,
    log: options.log ?? silentLogger,
  };
}
