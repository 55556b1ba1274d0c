import { partitionLag, topicLag } from './consumer-lag';

describe('consumer lag arithmetic', () => {
  it('is the distance from the committed offset to the high watermark', () => {
    expect(partitionLag({ partition: 0, high: '120', low: '0' }, '100')).toBe(20);
    expect(partitionLag({ partition: 0, high: '120', low: '0' }, '120')).toBe(0);
  });

  it('counts from the earliest offset when the group never committed', () => {
    expect(partitionLag({ partition: 0, high: '50', low: '10' }, '-1')).toBe(40);
    expect(partitionLag({ partition: 0, high: '50', low: '10' }, undefined)).toBe(40);
  });

  it('counts from the earliest offset when retention deleted past the committed one', () => {
    expect(partitionLag({ partition: 0, high: '50', low: '30' }, '5')).toBe(20);
  });

  it('is never negative (a commit seen before the watermark moved)', () => {
    expect(partitionLag({ partition: 0, high: '7', low: '0' }, '9')).toBe(0);
  });

  it('matches commits to partitions by number, whatever their order', () => {
    const offsets = [0, 1, 2].map((partition) => ({ partition, high: '10', low: '0' }));
    expect(topicLag('sendRequested', offsets, [{ partition: 2, offset: '9' }, { partition: 0, offset: '4' }])).toEqual([
      { topic: 'sendRequested', partition: 0, lag: 6 },
      { topic: 'sendRequested', partition: 1, lag: 10 },
      { topic: 'sendRequested', partition: 2, lag: 1 },
    ]);
  });
});
