import { Channel } from '@switchback/contracts';

/** Where a message is: dispatched until exactly one terminal state. */
export type MessageState = 'dispatched' | 'delivered' | 'read' | 'failed' | 'expired' | 'revoked' | 'blocked';

/** Where one leg is. `live` and `revoking` can still change the message; `lost` lost a dual race. */
export type LegState = 'live' | 'revoking' | 'delivered' | 'read' | 'failed' | 'unreachable' | 'expired' | 'revoked' | 'lost';

export const OPEN_LEG_STATES: readonly LegState[] = ['live', 'revoking'];

export type RevokeReason = 'delivery_timeout' | 'dual_delivery_lost';

export interface LegSnapshot {
  readonly leg: number;
  readonly channel: Channel;
  readonly state: LegState;
  readonly revokeReason: RevokeReason | null;
}

export interface MessageSnapshot {
  readonly messageId: string;
  readonly tenantId: string;
  readonly recipientHash: string;
  readonly trafficType: string;
  readonly state: MessageState;
  /** The highest leg number used so far (a failover takes the next). */
  readonly legsDispatched: number;
  readonly failovers: number;
  /** The sealed send (recipient and content) is still stored: a failover or revoke is possible. */
  readonly sealed: boolean;
  readonly terminalLeg: number | null;
  readonly legs: readonly LegSnapshot[];
}

/** The channel of one of the message's legs (UNSPECIFIED for a leg routing does not follow). */
export const channelOfLeg = (message: Pick<MessageSnapshot, 'legs'>, leg: number): Channel => message.legs.find((candidate) => candidate.leg === leg)?.channel ?? Channel.UNSPECIFIED;

/** The legs rcs-gateway carries: the only ones a RevokeCommand can take back. */
export const isRcs = (channel: Channel): boolean => channel === Channel.RCS_E2EE || channel === Channel.RCS;
