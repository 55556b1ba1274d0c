import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import { RedisScript } from './redis-script';

const BODY = "return redis.call('GET', KEYS[1])";
const SHA = createHash('sha1').update(BODY).digest('hex');

/** A Redis whose script cache starts empty, like a fresh (or flushed) server. */
function fakeRedis(evalshaError?: Error) {
  const cached = new Set<string>();
  const calls: string[] = [];
  const redis = {
    evalsha: async (sha: string, _keys: number, ...rest: unknown[]) => {
      calls.push(`evalsha ${sha}`);
      if (evalshaError) throw evalshaError;
      if (!cached.has(sha)) throw new Error('NOSCRIPT No matching script. Please use EVAL.');
      return ['ran', ...rest];
    },
    eval: async (body: string, _keys: number, ...rest: unknown[]) => {
      calls.push('eval');
      cached.add(createHash('sha1').update(body).digest('hex'));
      return ['ran', ...rest];
    },
  } as unknown as Redis;
  return { redis, calls };
}

describe('RedisScript', () => {
  it('sends the body once: EVAL after NOSCRIPT, EVALSHA from then on, same answers', async () => {
    const { redis, calls } = fakeRedis();
    const script = new RedisScript(BODY);
    expect(await script.run(redis, ['k1'], ['a', 2])).toEqual(['ran', 'k1', 'a', 2]);
    expect(await script.run(redis, ['k2'])).toEqual(['ran', 'k2']);
    expect(calls).toEqual([`evalsha ${SHA}`, 'eval', `evalsha ${SHA}`]);
  });

  it('passes every other error through without retrying', async () => {
    const { redis, calls } = fakeRedis(new Error('ERR max number of clients reached'));
    await expect(new RedisScript(BODY).run(redis, ['k'])).rejects.toThrow('max number of clients');
    expect(calls).toEqual([`evalsha ${SHA}`]);
  });
});
