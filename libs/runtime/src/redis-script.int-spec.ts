import { testEnv, uniqueName } from '@switchback/testing';
import { once } from 'node:events';
import type Redis from 'ioredis';
import { createRedisClient } from './redis.module';
import { RedisScript } from './redis-script';

// On the real Redis: a script Redis has never seen (a body unique to this run) and one it lost
// (SCRIPT FLUSH, as after a restart) both run, and the next call goes by SHA alone.
describe('RedisScript (real Redis)', () => {
  let redis: Redis;
  const key = `${uniqueName('redis-script')}:counter`;

  beforeAll(async () => {
    redis = createRedisClient(testEnv.redisUrl);
    await once(redis, 'ready');
  });

  afterAll(async () => {
    await redis.del(key);
    await redis.quit();
  });

  it('runs a new script, then by SHA, then again after the script cache was flushed', async () => {
    const script = new RedisScript(`-- ${key}\nreturn redis.call('INCRBY', KEYS[1], ARGV[1])`);
    const sent: string[] = [];
    const sendCommand = redis.sendCommand.bind(redis);
    jest.spyOn(redis, 'sendCommand').mockImplementation((command) => {
      sent.push(command.name);
      return sendCommand(command);
    });
    expect(await script.run(redis, [key], [2])).toBe(2);
    expect(await script.run(redis, [key], [3])).toBe(5);
    await redis.script('FLUSH');
    expect(await script.run(redis, [key], [4])).toBe(9);
    expect(sent.filter((name) => name !== 'script')).toEqual(['evalsha', 'eval', 'evalsha', 'evalsha', 'eval']);
  });
});
