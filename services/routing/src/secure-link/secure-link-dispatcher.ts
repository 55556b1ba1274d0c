import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventPublisher, type EventSink, type PublishOptions } from '@switchback/bus';
import { Channel, create, DeliveryOutcomeSchema, DeliveryStatus, DispatchCommandSchema, FailureClass, KeyDeliveryMode, type SecureLinkRequested } from '@switchback/contracts';
import { KeyedHasher } from '@switchback/crypto';
import { CLOCK, type Clock, CONFIG } from '@switchback/runtime';
import { createSecureLinkPayload, type KeyMode } from '@switchback/secure-link';
import type { RoutingConfig } from '../config/routing.config';
import { RoutingMetrics } from '../metrics/routing-metrics';
import { LinkStore } from './link-store.client';
import { codeText, linkText } from './link-text';
import { RelayCodes } from './relay-code';
import { SecureLinkDispatchRepository } from './secure-link-dispatch.repository';

/** Key modes routing can serve on its own: the others need the sender's SDK or an app channel. */
const SERVED_MODES: Partial<Record<KeyDeliveryMode, KeyMode>> = {
  [KeyDeliveryMode.FRAGMENT]: 'fragment',
  [KeyDeliveryMode.SECOND_CHANNEL_CODE]: 'code',
};

export type DispatchResult = 'dispatched' | 'already_dispatched' | 'failed';

/**
 * Turns sensitive content into a secure link: encrypts it here (the key never leaves this
 * process except inside the link fragment), stores only ciphertext and verifier in
 * payload-store, then dispatches only the short link text on the plaintext channel. In code
 * mode the code never takes the link's path: a separate message on the other carrier channel
 * (leg + 1), or nothing from us when the sender was handed the code (see RelayCodes).
 *
 * Anything it cannot serve fails closed: a FAILED outcome with the reason, never plaintext.
 */
@Injectable()
export class SecureLinkDispatcher {
  private readonly logger = new Logger(SecureLinkDispatcher.name);

  constructor(
    private readonly store: LinkStore,
    private readonly dispatches: SecureLinkDispatchRepository,
    @Inject(EventPublisher) private readonly publisher: EventSink,
    private readonly hasher: KeyedHasher,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Pick<RoutingConfig, 'RCS_TTL_SECONDS'>,
    private readonly metrics: RoutingMetrics,
    private readonly relayCodes: RelayCodes,
  ) {}

  async dispatch(request: SecureLinkRequested): Promise<DispatchResult> {
    const recipientHash = this.hasher.hash(request.recipient);
    const options: PublishOptions = { key: recipientHash, messageId: request.messageId };
    if (await this.dispatches.wasDispatched(request.messageId, request.leg)) return 'already_dispatched';

    const keyMode = SERVED_MODES[request.keyMode];
    if (!keyMode) return this.fail(request, recipientHash, `key_mode_not_served:${KeyDeliveryMode[request.keyMode]?.toLowerCase() ?? 'unknown'}`, options);
    if (request.channel !== Channel.RCS && request.channel !== Channel.SMS) return this.fail(request, recipientHash, 'no_link_channel', options);

    const code = this.codePath(request, keyMode);
    if ('failed' in code) return this.fail(request, recipientHash, code.failed, options);

    const payload = await createSecureLinkPayload({ plaintext: request.content?.text ?? '', keyMode, ...(code.relayed ? { code: code.relayed } : {}) });
    const link = await this.store.create(request.tenantId, {
      ciphertext: payload.ciphertext,
      algorithm: payload.algorithm,
      accessVerifier: payload.accessVerifier,
      keyMode,
      ttlSeconds: request.ttlSeconds,
      maxViews: request.maxViews,
      messageId: request.messageId,
    });
    if (!link) return this.fail(request, recipientHash, 'no_link_credentials', options);

    const hint = keyMode !== 'code' ? 'none' : code.relayed ? 'from_sender' : 'separate_message';
    const text = linkText({ sender: request.tenantId, url: link.url, fragment: payload.fragment, maxViews: request.maxViews, ttlSeconds: request.ttlSeconds, code: hint });
    const sends = [this.send(request, request.channel, request.leg, text, options)];
    // The code goes on the other channel as its own leg, or not at all when the sender relays it.
    if (code.channel !== undefined && payload.code) sends.push(this.send(request, code.channel, request.leg + 1, codeText({ sender: request.tenantId, code: payload.code }), options));
    await Promise.all(sends);
    // After the publish: a crash before this line re-runs the request (a second link, at least once).
    const dispatchedAt = this.clock.now();
    await this.dispatches.record(request.messageId, request.leg, link.id, new Date(dispatchedAt));
    await this.observeMitigation(request.messageId, dispatchedAt);
    this.logger.debug({ messageId: request.messageId, linkId: link.id, keyMode }, 'secure link dispatched');
    return 'dispatched';
  }

  /**
   * A code never takes the link's own path: it goes on the other carrier channel, or the sender
   * already holds it (derived again here, never stored or carried). A code-mode request with
   * neither (an older request, or one naming the link's channel) fails closed.
   */
  private codePath(request: SecureLinkRequested, keyMode: KeyMode): { channel?: Channel; relayed?: string } | { failed: string } {
    if (keyMode !== 'code') return {};
    if (request.codeRelayKeyId) {
      const relayed = this.relayCodes.derive(request.tenantId, request.messageId, request.codeRelayKeyId);
      return relayed ? { relayed } : { failed: 'relay_code_key_unknown' };
    }
    const other = request.codeChannel;
    if ((other === Channel.RCS || other === Channel.SMS) && other !== request.channel) return { channel: other };
    return { failed: 'no_second_channel' };
  }

  /**
   * Time from the message's decision (stored before its legs were published) to its link leg
   * going out. The link is already out: a failed lookup loses one sample, never fails the dispatch.
   */
  private async observeMitigation(messageId: string, dispatchedAtMs: number): Promise<void> {
    try {
      const decision = await this.dispatches.decisionOf(messageId);
      if (decision) this.metrics.fallbackMitigated('secure_link', decision.sensitivity, decision.decidedAtMs, dispatchedAtMs);
    } catch (error) {
      this.logger.warn({ messageId, err: error }, 'secure link dispatched; its mitigation time was not recorded');
    }
  }

  private send(request: SecureLinkRequested, channel: Channel, leg: number, text: string, options: PublishOptions): Promise<void> {
    const rcs = channel === Channel.RCS;
    const command = create(DispatchCommandSchema, {
      messageId: request.messageId,
      tenantId: request.tenantId,
      recipient: request.recipient,
      content: { text },
      channel,
      leg,
      requestedAtMs: request.requestedAtMs,
      ttlSeconds: rcs ? this.config.RCS_TTL_SECONDS : 0,
      connectorRegions: [...request.connectorRegions],
    });
    return this.publisher.publish(rcs ? 'dispatchRcs' : 'dispatchSms', command, options);
  }

  private async fail(request: SecureLinkRequested, recipientHash: string, reason: string, options: PublishOptions): Promise<DispatchResult> {
    this.logger.warn({ messageId: request.messageId, reason }, 'secure link not dispatched; failing closed');
    const outcome = create(DeliveryOutcomeSchema, {
      messageId: request.messageId,
      tenantId: request.tenantId,
      recipientHash,
      channel: request.channel,
      leg: request.leg,
      status: DeliveryStatus.FAILED,
      reason,
      // Refused on purpose: a plaintext fallback would defeat the secure link.
      failureClass: FailureClass.FAIL_CLOSED,
      requestedAtMs: request.requestedAtMs,
      occurredAtMs: BigInt(this.clock.now()),
    });
    await this.publisher.publish('deliveryOutcome', outcome, options);
    return 'failed';
  }
}
