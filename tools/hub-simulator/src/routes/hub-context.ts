import type { IncomingMessage } from 'node:http';
import type { AgentMessageStore } from '../delivery/agent-message.store';
import type { DeliveryScheduler } from '../delivery/delivery.scheduler';
import type { SendMeter } from '../delivery/send-meter';
import type { ResolvedHubOptions } from '../hub-options';
import type { HubStats, MutableHubStats } from '../hub-stats';
import type { NumberProfile } from '../profiles/number-profile';
import type { ProfileRegistry } from '../profiles/profile.registry';
import type { JsonReply } from '../http/json.reply';
import type { NumberGate } from './number.gate';
import type { TokenIssuer } from '../auth/token-issuer';

/** What every handler may use; one per simulator instance. */
export interface HubContext {
  readonly options: ResolvedHubOptions;
  readonly profiles: ProfileRegistry;
  readonly store: AgentMessageStore;
  readonly scheduler: DeliveryScheduler;
  readonly stats: MutableHubStats;
  readonly gate: NumberGate;
  readonly meter: SendMeter;
  /** Token endpoint and bearer check; undefined = the RBM routes take unauthenticated calls. */
  readonly auth: TokenIssuer | undefined;
  /** The counters with the meter's figures merged in. */
  currentStats(): HubStats;
  setProfile(phone: string, profile: NumberProfile): void;
  reset(): void;
}

export interface HubRequest {
  readonly req: IncomingMessage;
  readonly url: URL;
  /** Decoded path parameters, in pattern order. */
  readonly params: readonly string[];
}

export type HubHandler = (ctx: HubContext, request: HubRequest) => Promise<JsonReply>;
