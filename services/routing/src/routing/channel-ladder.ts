import { ActionTaken, Channel, E2eeCapability, FallbackReason, type Capability } from '@switchback/contracts';

export interface ChannelChoice {
  readonly channel: Channel.RCS | Channel.SMS;
  readonly e2eeCapability: E2eeCapability;
  readonly fallbackReason: FallbackReason;
  readonly actionTaken: ActionTaken;
}

/**
 * The walking skeleton's ladder: RCS when the recipient is reachable on RCS, SMS otherwise.
 * The E2EE rungs, sensitivity and policy (fail closed) come with the routing engine.
 */
export function chooseChannel(capability: Capability | undefined): ChannelChoice {
  const e2eeCapability = capability?.rcsE2ee || capability?.inappE2ee ? E2eeCapability.AVAILABLE : capability ? E2eeCapability.UNAVAILABLE : E2eeCapability.UNKNOWN;
  if (capability?.rcs) return { channel: Channel.RCS, e2eeCapability, fallbackReason: FallbackReason.NONE, actionTaken: ActionTaken.SENT_PLAIN };
  return { channel: Channel.SMS, e2eeCapability, fallbackReason: FallbackReason.NOT_RCS_REACHABLE, actionTaken: ActionTaken.SENT_PLAIN };
}
