import type { TopicPartitionOffsetAndMetadata } from 'kafkajs';
import { silentBusLogger } from './bus-options';
import { OffsetCommitter, type OffsetCommitTarget } from './offset-committer';

class RecordingTarget implements OffsetCommitTarget {
  readonly commits: TopicPartitionOffsetAndMetadata[][] = [];
  async commitOffsets(offsets: TopicPartitionOffsetAndMetadata[]): Promise<void> {
    this.commits.push(offsets);
  }
}

describe('OffsetCommitter', () => {
  let target: RecordingTarget;
  let committer: OffsetCommitter;

  beforeEach(() => {
    target = new RecordingTarget();
    committer = new OffsetCommitter(target, 100, silentBusLogger, 'g');
  });

  it('commits the next offset to read, one entry per partition with the latest processed offset', async () => {
    committer.processed('t', 0, '4');
    committer.processed('t', 0, '9');
    committer.processed('t', 1, '2');
    await committer.flush();
    expect(target.commits).toEqual([
      [
        { topic: 't', partition: 0, offset: '10' },
        { topic: 't', partition: 1, offset: '3' },
      ],
    ]);
  });

  it('sends nothing when nothing was processed since the last commit', async () => {
    committer.processed('t', 0, '1');
    await committer.flush();
    await committer.flush();
    expect(target.commits).toHaveLength(1);
  });

  it('keeps a failed commit for the next flush, unless a newer offset replaced it meanwhile', async () => {
    let failCommit!: (error: Error) => void;
    const gated: OffsetCommitTarget = { commitOffsets: () => new Promise((_, reject) => (failCommit = reject)) };
    committer = new OffsetCommitter(gated, 100, silentBusLogger, 'g');
    committer.processed('t', 0, '1');
    committer.processed('t', 1, '1');
    const first = committer.flush();
    await Promise.resolve(); // the commit is in flight
    committer.processed('t', 1, '5');
    failCommit(new Error('REBALANCE_IN_PROGRESS'));
    await first;
    const retried = new RecordingTarget();
    Object.assign(gated, { commitOffsets: (offsets: TopicPartitionOffsetAndMetadata[]) => retried.commitOffsets(offsets) });
    await committer.flush();
    expect(retried.commits).toEqual([
      [
        { topic: 't', partition: 1, offset: '6' },
        { topic: 't', partition: 0, offset: '2' },
      ],
    ]);
  });

  it('never commits a partition the group gave to another member (that would rewind its owner)', async () => {
    committer.processed('t', 0, '1');
    committer.processed('t', 1, '1');
    committer.assigned({ t: [1] });
    committer.processed('t', 0, '7'); // a stale batch finishing after the rebalance
    await committer.flush();
    expect(target.commits).toEqual([[{ topic: 't', partition: 1, offset: '2' }]]);
  });

  it('commits on its interval and once more on stop', async () => {
    jest.useFakeTimers();
    try {
      committer.start();
      committer.processed('t', 0, '1');
      await jest.advanceTimersByTimeAsync(100);
      expect(target.commits).toHaveLength(1);
      committer.processed('t', 0, '2');
      await committer.stop();
      expect(target.commits).toEqual([[{ topic: 't', partition: 0, offset: '2' }], [{ topic: 't', partition: 0, offset: '3' }]]);
      committer.processed('t', 0, '3');
      await jest.advanceTimersByTimeAsync(500);
      expect(target.commits).toHaveLength(2);
    } finally {
      jest.useRealTimers();
    }
  });
});
