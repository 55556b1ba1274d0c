import { create, RoutingDecisionSchema, SecureLinkLifecycleSchema, type RoutingDecision } from '@switchback/contracts';
import { registerHandler } from './event-handler';
import { RecordingEventSink } from './recording-event-sink';

describe('RecordingEventSink (the in-memory bus driver)', () => {
  it('records each publish in order and lists one topic typed', async () => {
    const bus = new RecordingEventSink();
    await bus.publish('routingDecision', create(RoutingDecisionSchema, { messageId: 'm-1' }), { key: 'k', messageId: 'm-1' });
    await bus.publish('secureLinkLifecycle', create(SecureLinkLifecycleSchema, { linkId: 'l-1' }), { key: 'l', messageId: 'l-1' });
    expect(bus.published.map((p) => [p.topic, p.options.messageId])).toEqual([
      ['routingDecision', 'm-1'],
      ['secureLinkLifecycle', 'l-1'],
    ]);
    expect(bus.of('routingDecision').map((decision) => decision.messageId)).toEqual(['m-1']);
  });

  it("hands each event to its topic's registered handler, with a first-delivery context", async () => {
    const seen: [RoutingDecision, number, string | undefined][] = [];
    const bus = new RecordingEventSink([registerHandler('routingDecision', async (event, context) => void seen.push([event, context.attempt, context.key]))]);
    await bus.publish('routingDecision', create(RoutingDecisionSchema, { messageId: 'm-2' }), { key: 'k2', messageId: 'm-2' });
    expect(seen.map(([event, attempt, key]) => [event.messageId, attempt, key])).toEqual([['m-2', 1, 'k2']]);
  });

  it('fails like an unreachable broker until told otherwise, recording nothing meanwhile', async () => {
    const bus = new RecordingEventSink();
    bus.failWith(new Error('broker down'));
    await expect(bus.publish('routingDecision', create(RoutingDecisionSchema, {}), { key: 'k', messageId: 'm' })).rejects.toThrow('broker down');
    expect(bus.published).toEqual([]);
    bus.clear();
    await bus.publish('routingDecision', create(RoutingDecisionSchema, {}), { key: 'k', messageId: 'm' });
    expect(bus.published).toHaveLength(1);
  });
});
