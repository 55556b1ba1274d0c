import { DuplicateEventHandlerError, handlersByGroup } from './event-consumer.host';

describe('handlersByGroup', () => {
  const handle = async (): Promise<void> => undefined;

  it("puts handlers without a group in the service's own group, and the others in theirs", () => {
    const groups = handlersByGroup(
      [
        { topic: 'sendRequested', handle },
        { topic: 'deliveryOutcome', group: 'routing-outcomes', handle },
        { topic: 'dispatchSecureLink', handle },
      ],
      'routing',
    );
    expect([...groups].map(([group, handlers]) => [group, handlers.map((handler) => handler.topic)])).toEqual([
      ['routing', ['sendRequested', 'dispatchSecureLink']],
      ['routing-outcomes', ['deliveryOutcome']],
    ]);
  });

  it('refuses to start with two handlers of one topic in one group (one would silently never run)', () => {
    expect(() => handlersByGroup([{ topic: 'sendRequested', handle }, { topic: 'sendRequested', handle }], 'routing')).toThrow(DuplicateEventHandlerError);
  });

  it('allows one topic in two groups: each group reads every event', () => {
    expect(handlersByGroup([{ topic: 'deliveryOutcome', handle }, { topic: 'deliveryOutcome', group: 'routing-outcomes', handle }], 'routing').size).toBe(2);
  });
});
