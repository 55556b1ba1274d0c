import { BehaviourPatchError, initialBehaviour, patchBehaviour } from './smsc-behaviour';

const start = () =>
  initialBehaviour({ receiptDelayMs: 50, dropReceipts: false, duplicateReceipts: false, receiptStat: 'DELIVRD', messageIdFormat: 'hex', throttleAfterPerSecond: null, responseDelayMs: 0 });

describe('patchBehaviour', () => {
  it('applies every known setting', () => {
    const behaviour = start();
    patchBehaviour(behaviour, { scriptedStatuses: [0x58, 0x14], throttleAfterPerSecond: 5, receiptDelayMs: null, dropNextReceipts: 2, duplicateReceipts: true, receiptStat: 'UNDELIV', messageIdFormat: 'decimal', responseDelayMs: 20, dropReceipts: true });
    expect(behaviour).toEqual({ scriptedStatuses: [0x58, 0x14], throttleAfterPerSecond: 5, receiptDelayMs: null, dropNextReceipts: 2, duplicateReceipts: true, receiptStat: 'UNDELIV', messageIdFormat: 'decimal', responseDelayMs: 20, dropReceipts: true });
  });

  it('refuses unknown keys and bad values, changing nothing', () => {
    const behaviour = start();
    expect(() => patchBehaviour(behaviour, { responseDelayMs: 10, colour: 'red' })).toThrow(BehaviourPatchError);
    expect(() => patchBehaviour(behaviour, { receiptStat: 'LOST' })).toThrow(/receiptStat must be one of/);
    expect(() => patchBehaviour(behaviour, { scriptedStatuses: [-1] })).toThrow(BehaviourPatchError);
    expect(() => patchBehaviour(behaviour, [1])).toThrow(BehaviourPatchError);
    expect(behaviour).toEqual(start());
  });
});
