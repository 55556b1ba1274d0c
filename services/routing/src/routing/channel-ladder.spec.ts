import { ActionTaken, Channel, create, CapabilitySchema, E2eeCapability, FallbackReason } from '@switchback/contracts';
import { chooseChannel } from './channel-ladder';

describe('chooseChannel', () => {
  it('sends over RCS when the recipient is RCS-reachable', () => {
    const choice = chooseChannel(create(CapabilitySchema, { rcs: true }));
    expect(choice).toEqual({ channel: Channel.RCS, e2eeCapability: E2eeCapability.UNAVAILABLE, fallbackReason: FallbackReason.NONE, actionTaken: ActionTaken.SENT_PLAIN });
  });

  it('falls back to SMS with the reason when RCS is not reachable', () => {
    const choice = chooseChannel(create(CapabilitySchema, { rcs: false }));
    expect(choice.channel).toBe(Channel.SMS);
    expect(choice.fallbackReason).toBe(FallbackReason.NOT_RCS_REACHABLE);
  });

  it('says E2EE capability is unknown when no capability snapshot came with the send', () => {
    expect(chooseChannel(undefined).e2eeCapability).toBe(E2eeCapability.UNKNOWN);
  });
});
