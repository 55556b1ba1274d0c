import type { Producer, ProducerBatch } from 'kafkajs';
import { ProduceBatcher } from './produce-batcher';

/** A producer whose sendBatch calls stay open until the test releases them. */
function heldProducer() {
  const calls: { batch: ProducerBatch; release(error?: Error): void }[] = [];
  const producer = {
    sendBatch: (batch: ProducerBatch) =>
      new Promise<void>((resolve, reject) => {
        calls.push({ batch, release: (error) => (error ? reject(error) : resolve()) });
      }),
  } as unknown as Producer;
  return { producer, calls };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
const count = (batch: ProducerBatch) => (batch.topicMessages ?? []).reduce((sum, t) => sum + t.messages.length, 0);

describe('ProduceBatcher', () => {
  it('writes the sends made while a request is in flight as one request', async () => {
    const { producer, calls } = heldProducer();
    const batcher = new ProduceBatcher(producer);
    const first = batcher.send('a', { value: '1' });
    await tick();
    const rest = [batcher.send('a', { value: '2' }), batcher.send('b', { value: '3' })];
    expect(calls).toHaveLength(1);
    calls[0]!.release();
    await first;
    await tick();
    expect(calls).toHaveLength(2);
    expect(count(calls[1]!.batch)).toBe(2);
    calls[1]!.release();
    await Promise.all(rest);
  });

  it('drains: resolves only once every queued send was written or failed', async () => {
    const { producer, calls } = heldProducer();
    const batcher = new ProduceBatcher(producer);
    await batcher.drain();
    const unawaited = batcher.send('a', { value: '1' }).catch((error: unknown) => error);
    let drained = false;
    const drain = batcher.drain().then(() => (drained = true));
    await tick();
    expect(drained).toBe(false);
    calls[0]!.release(new Error('broker down'));
    await drain;
    expect(drained).toBe(true);
    expect(await unawaited).toEqual(new Error('broker down'));
  });
});
