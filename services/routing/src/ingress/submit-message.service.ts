import { Inject, Injectable } from '@nestjs/common';
import { EventPublisher, type EventSink } from '@switchback/bus';
import { KeyedHasher } from '@switchback/crypto';
import { CLOCK, type Clock, CONFIG } from '@switchback/runtime';
import type { RoutingConfig } from '../config/routing.config';
import { PolicyStore } from '../policy/policy.store';
import { RelayCodes } from '../secure-link/relay-code';
import { idempotencyKeyInProgress, idempotencyKeyReused } from './ingress-problems';
import { IDEMPOTENCY_STORE, MESSAGE_IDS, type AcceptedResponse, type IdempotencyStore, type MessageIds } from './idempotency.store';
import { IdempotencyBodyHasher } from './idempotency-body-hasher';
import { toSendRequested, type MessageRequest } from './message-request';

/**
 * Accepts a producer's send once per Idempotency-Key: the first request publishes
 * SendRequested; a replay with the same body gets the same answer; another body is a 422 and
 * a replay while the first is still running a 409. A request stranded in progress (its
 * instance died mid-publish) is taken over by a replay after INGRESS_STALE_AFTER_MS and
 * republished under the message id chosen the first time, so downstream sees one message id.
 */
@Injectable()
export class SubmitMessageService {
  constructor(
    @Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore,
    @Inject(MESSAGE_IDS) private readonly ids: MessageIds,
    @Inject(EventPublisher) private readonly publisher: EventSink,
    private readonly hasher: KeyedHasher,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Pick<RoutingConfig, 'INGRESS_STALE_AFTER_MS'>,
    private readonly policies: PolicyStore,
    private readonly relayCodes: RelayCodes,
    private readonly bodies: IdempotencyBodyHasher,
  ) {}

  async submit(tenantId: string, key: string, request: MessageRequest): Promise<AcceptedResponse> {
    const hash = this.bodies.hash(request);
    const nowMs = this.clock.now();
    const messageId = this.ids.next();
    if (!(await this.store.begin(tenantId, key, hash, messageId, new Date(nowMs)))) return this.replay(tenantId, key, request, nowMs);
    return this.publish(tenantId, key, request, messageId, nowMs);
  }

  private async publish(tenantId: string, key: string, request: MessageRequest, messageId: string, nowMs: number): Promise<AcceptedResponse> {
    const send = toSendRequested(request, tenantId, messageId, nowMs);
    const relay = (await this.relaysCode(tenantId)) ? this.relayCodes.issue(tenantId, messageId) : undefined;
    // Only the key id goes on the bus: the dispatcher derives the same code from it.
    if (relay) send.codeRelayKeyId = relay.keyId;
    try {
      await this.publisher.publish('sendRequested', send, { key: this.hasher.hash(request.to), messageId });
    } catch (error) {
      await this.store.release(tenantId, key);
      throw error;
    }
    const response: AcceptedResponse = { messageId, status: 'accepted' };
    await this.store.complete(tenantId, key, response);
    // The code is answered once, here, and stored nowhere (the stored response has none).
    return relay ? { ...response, secureLinkCode: relay.code } : response;
  }

  /** The tenant has senders relay second-channel codes: a code-mode link then carries no code leg. */
  private async relaysCode(tenantId: string): Promise<boolean> {
    const { policy } = await this.policies.latest(tenantId);
    return policy.onSensitive === 'secure_link' && policy.secureLink.keyMode === 'second_channel_code' && policy.secureLink.codeDelivery === 'sender';
  }

  private async replay(tenantId: string, key: string, request: MessageRequest, nowMs: number): Promise<AcceptedResponse> {
    const existing = await this.store.find(tenantId, key);
    // Gone between the insert and the read: the first request failed and released it.
    if (!existing) throw idempotencyKeyInProgress();
    // Compared under the key the row names: a row from before a key rotation still matches.
    if (!this.bodies.matches(request, existing.bodySha256)) throw idempotencyKeyReused();
    if (existing.state === 'done' && existing.response) return existing.response;
    const staleBefore = new Date(nowMs - this.config.INGRESS_STALE_AFTER_MS);
    const strandedId = await this.store.takeOver(tenantId, key, existing.bodySha256, staleBefore, new Date(nowMs));
    if (strandedId === undefined) throw idempotencyKeyInProgress();
    return this.publish(tenantId, key, request, strandedId, nowMs);
  }
}
