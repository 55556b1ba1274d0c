import type { ActionTaken, Capability, Channel, E2eeCapability, FallbackReason, KeyDeliveryMode } from '@switchback/contracts';
import type { Classification, TrafficType } from '@switchback/sensitivity';
import type { Cohort } from '../cohort/cohort';
import type { TenantPolicy } from '../policy/tenant-policy';

/** The parts of a capability snapshot routing reads. */
export type CapabilityView = Pick<Capability, 'rcs' | 'rcsE2ee' | 'inappE2ee' | 'region' | 'downgradeSuspected' | 'guess'>;

export interface DecisionInput {
  /** Undefined when the send came without a snapshot: treated like a guess. */
  readonly capability: CapabilityView | undefined;
  readonly classification: Pick<Classification, 'level' | 'detectors'>;
  readonly trafficType: TrafficType;
  readonly policy: TenantPolicy;
  readonly cohort: Cohort;
  /** Epoch ms of the decision, for a block's hold expiry (the function reads no clock). */
  readonly nowMs: number;
  /**
   * Rungs that must not be used, each with the reason (an open circuit, or a failover from a
   * leg on that rung). A choice below an excluded rung the recipient could otherwise use names
   * that reason.
   */
  readonly excluded?: ReadonlyMap<Channel, FallbackReason>;
  /** The sender was handed this message's second-channel code by the ingress API (it can relay it). */
  readonly senderHoldsCode?: boolean;
}

/**
 * Where a code-mode link's code goes: on another carrier channel than the link (a leg of its
 * own), or nowhere from us because the sender already holds it and relays it.
 */
export type CodeRoute = { readonly via: 'channel'; readonly channel: Channel.RCS | Channel.SMS } | { readonly via: 'sender' };

export interface SecureLinkPlan {
  /** The plaintext channel that carries the link text. */
  readonly channel: Channel.RCS | Channel.SMS;
  readonly keyMode: KeyDeliveryMode;
  readonly ttlSeconds: number;
  readonly maxViews: number;
  /** Code mode only (never the link's own channel); absent in every other key mode. */
  readonly code?: CodeRoute;
}

export interface Decision {
  /** The channel of the first leg; UNSPECIFIED when blocked. */
  readonly channel: Channel;
  readonly actionTaken: ActionTaken;
  readonly fallbackReason: FallbackReason;
  readonly e2eeCapability: E2eeCapability;
  /** A second leg on this channel (pilot dual delivery); UNSPECIFIED if none. */
  readonly dualChannel: Channel;
  readonly secureLink?: SecureLinkPlan;
  /** Blocks only: when the held content is deleted unless someone overrides. */
  readonly holdExpiresAtMs?: number;
}
