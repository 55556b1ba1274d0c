import type { MutableHubStats } from '../hub-stats';
import type { ProfileRegistry } from '../profiles/profile.registry';
import type { SimLogger } from '@switchback/simulator-support';
import type { AgentMessageStore, StoredAgentMessage } from './agent-message.store';
import { ttlRevokedEvent, userEvent } from './rbm-event';
import type { RbmWebhookDispatcher } from './rbm-webhook.dispatcher';

export interface DeliveryTiming {
  readonly deliveryDelayMs: number;
  /** After delivery; null = the user never reads. */
  readonly readDelayMs: number | null;
  readonly agentId: string;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

interface MessageTimers {
  delivery?: NodeJS.Timeout;
  read?: NodeJS.Timeout;
  expiry?: NodeJS.Timeout;
}

/**
 * Plays the phone's side: delivers accepted messages after a delay (unless the number is
 * offline), reads them later if configured, and revokes them when their ttl runs out first.
 */
export class DeliveryScheduler {
  private readonly timers = new Map<string, MessageTimers>();

  constructor(
    private readonly store: AgentMessageStore,
    private readonly profiles: ProfileRegistry,
    private readonly webhooks: RbmWebhookDispatcher,
    private readonly stats: MutableHubStats,
    private readonly timing: DeliveryTiming,
    private readonly log: SimLogger,
  ) {}

  accepted(message: StoredAgentMessage): void {
    const expiresInMs = message.expiresAtMs === null ? Infinity : Math.max(0, message.expiresAtMs - Date.now());
    // Node fires longer timers (over ~24.8 days) at once; no simulator run lasts that long.
    if (expiresInMs <= MAX_TIMER_MS) this.timersOf(message.messageId).expiry = setTimeout(() => this.expire(message), expiresInMs);
    if (!this.profiles.resolve(message.phone).offline) this.scheduleDelivery(message);
  }

  /** The number's profile changed: if it is online now, deliver what waited for it. */
  profileChanged(phone: string): void {
    if (this.profiles.resolve(phone).offline) return;
    for (const message of this.store.pendingFor(phone)) {
      if (!this.timers.get(message.messageId)?.delivery) this.scheduleDelivery(message);
    }
  }

  cancel(messageId: string): void {
    const timers = this.timers.get(messageId);
    if (!timers) return;
    [timers.delivery, timers.read, timers.expiry].forEach((timer) => clearTimeout(timer));
    this.timers.delete(messageId);
  }

  cancelAll(): void {
    [...this.timers.keys()].forEach((id) => this.cancel(id));
  }

  private timersOf(messageId: string): MessageTimers {
    let timers = this.timers.get(messageId);
    if (!timers) this.timers.set(messageId, (timers = {}));
    return timers;
  }

  private scheduleDelivery(message: StoredAgentMessage): void {
    const delayMs = this.profiles.resolve(message.phone).deliveryDelayMs ?? this.timing.deliveryDelayMs;
    this.timersOf(message.messageId).delivery = setTimeout(() => this.deliver(message), delayMs);
  }

  private deliver(message: StoredAgentMessage): void {
    const timers = this.timersOf(message.messageId);
    timers.delivery = undefined;
    if (message.state !== 'pending') return;
    // The number went offline after the send: the message waits for profileChanged().
    if (this.profiles.resolve(message.phone).offline) return;
    clearTimeout(timers.expiry);
    timers.expiry = undefined;
    this.store.transition(message, 'delivered');
    this.stats.delivered += 1;
    this.log({ event: 'message.delivered', messageId: message.messageId });
    this.webhooks.publish(userEvent('DELIVERED', message, this.timing.agentId));
    const override = this.profiles.resolve(message.phone).readDelayMs;
    const readDelayMs = override === undefined ? this.timing.readDelayMs : override;
    if (readDelayMs === null) {
      this.timers.delete(message.messageId);
      return;
    }
    timers.read = setTimeout(() => this.read(message), readDelayMs);
  }

  private read(message: StoredAgentMessage): void {
    this.timers.delete(message.messageId);
    if (message.state !== 'delivered') return;
    this.store.transition(message, 'read');
    this.stats.read += 1;
    this.log({ event: 'message.read', messageId: message.messageId });
    this.webhooks.publish(userEvent('READ', message, this.timing.agentId));
  }

  private expire(message: StoredAgentMessage): void {
    if (message.state !== 'pending') return;
    if (this.profiles.resolve(message.phone).ttlRevokeFails) {
      // The revocation lost the race: the message stays pending and may still be delivered.
      this.timersOf(message.messageId).expiry = undefined;
      this.stats.ttlRevokeFailures += 1;
      this.log({ event: 'message.revoke_failed', messageId: message.messageId });
      this.webhooks.publish(ttlRevokedEvent(message, this.timing.agentId, 'TTL_EXPIRATION_REVOKE_FAILED'));
      return;
    }
    this.cancel(message.messageId);
    this.store.transition(message, 'expired');
    this.stats.expired += 1;
    this.log({ event: 'message.expired', messageId: message.messageId });
    this.webhooks.publish(ttlRevokedEvent(message, this.timing.agentId));
  }
}
