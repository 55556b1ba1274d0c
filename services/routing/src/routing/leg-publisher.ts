import { Inject, Injectable } from '@nestjs/common';
import { EventPublisher, type EventSink, type PublishOptions } from '@switchback/bus';
import { Channel, create, DispatchCommandSchema, KeyDeliveryMode, SecureLinkRequestedSchema } from '@switchback/contracts';
import { CONFIG } from '@switchback/runtime';
import type { RoutingConfig } from '../config/routing.config';
import type { Decision } from '../decision/decision';
import type { TenantPolicy } from '../policy/tenant-policy';
import type { ValidSend } from './send-evaluator';

/** One leg the lifecycle follows: the channel that carries it (a secure link's carrier). */
export interface PlannedLeg {
  readonly leg: number;
  readonly channel: Channel;
}

/** The legs a decision dispatches from `firstLeg` on, and the highest leg number it uses. */
export interface LegPlan {
  readonly legs: readonly PlannedLeg[];
  readonly lastLeg: number;
}

/** Plans the legs of a decision (pure), numbered from `firstLeg`. */
export function planLegs(decision: Decision, firstLeg: number): LegPlan {
  if (decision.secureLink) {
    // A code-mode link sends its code on the other channel on the next leg number (unless the sender relays it).
    const code = decision.secureLink.code?.via === 'channel' ? 1 : 0;
    return { legs: [{ leg: firstLeg, channel: decision.secureLink.channel }], lastLeg: firstLeg + code };
  }
  if (decision.channel === Channel.UNSPECIFIED) return { legs: [], lastLeg: firstLeg - 1 };
  const legs: PlannedLeg[] = [{ leg: firstLeg, channel: decision.channel }];
  if (decision.dualChannel !== Channel.UNSPECIFIED) legs.push({ leg: firstLeg + 1, channel: decision.dualChannel });
  return { legs, lastLeg: firstLeg + legs.length - 1 };
}

/** Publishes the dispatch commands (or the secure-link request) a decision calls for. */
@Injectable()
export class LegPublisher {
  constructor(
    @Inject(EventPublisher) private readonly publisher: EventSink,
    @Inject(CONFIG) private readonly config: Pick<RoutingConfig, 'RCS_TTL_SECONDS'>,
  ) {}

  /** `sink`: the bus, or a transaction's outbox (StagedEvents) when a row lock is held. */
  publish(send: ValidSend, decision: Decision, policy: TenantPolicy, firstLeg: number, options: PublishOptions, sink: EventSink = this.publisher): Promise<void>[] {
    if (decision.secureLink) {
      const link = decision.secureLink;
      const request = this.secureLink(send, policy, link.channel, link.keyMode, link.ttlSeconds, link.maxViews, firstLeg);
      if (link.code?.via === 'channel') request.codeChannel = link.code.channel;
      if (link.code?.via === 'sender') request.codeRelayKeyId = send.codeRelayKeyId;
      return [sink.publish('dispatchSecureLink', request, options)];
    }
    // In-app E2EE is a payload sealed to the device key: payload-store's device-key mode.
    if (decision.channel === Channel.INAPP_E2EE) {
      const request = this.secureLink(send, policy, Channel.INAPP_E2EE, KeyDeliveryMode.DEVICE_KEY, policy.secureLink.ttlSeconds, policy.secureLink.maxViews, firstLeg);
      return [sink.publish('dispatchSecureLink', request, options)];
    }
    return planLegs(decision, firstLeg).legs.map(({ leg, channel }) => this.dispatch(send, policy, channel, leg, options, sink));
  }

  private dispatch(send: ValidSend, policy: TenantPolicy, channel: Channel, leg: number, options: PublishOptions, sink: EventSink): Promise<void> {
    const rcs = channel === Channel.RCS || channel === Channel.RCS_E2EE;
    const command = create(DispatchCommandSchema, {
      messageId: send.messageId,
      tenantId: send.tenantId,
      recipient: send.recipient,
      content: send.content,
      channel,
      leg,
      requestedAtMs: send.requestedAtMs,
      ttlSeconds: rcs ? this.config.RCS_TTL_SECONDS : 0,
      // Residency: the gateway picks a connector within these regions, or fails the leg.
      connectorRegions: [...policy.residency.regions],
    });
    return sink.publish(rcs ? 'dispatchRcs' : 'dispatchSms', command, options);
  }

  private secureLink(send: ValidSend, policy: TenantPolicy, channel: Channel, keyMode: KeyDeliveryMode, ttlSeconds: number, maxViews: number, leg: number) {
    return create(SecureLinkRequestedSchema, {
      messageId: send.messageId,
      tenantId: send.tenantId,
      recipient: send.recipient,
      content: send.content,
      channel,
      keyMode,
      ttlSeconds,
      maxViews,
      requestedAtMs: send.requestedAtMs,
      leg,
      connectorRegions: [...policy.residency.regions],
    });
  }
}
