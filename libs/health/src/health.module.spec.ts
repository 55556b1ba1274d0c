import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { DependencyCheck } from './dependency-check';
import { HealthModule } from './health.module';

class FakeCheck implements DependencyCheck {
  failure: Error | null = null;
  hang = false;
  constructor(
    readonly name: string,
    readonly optional = false,
  ) {}
  check(): Promise<void> {
    if (this.hang) return new Promise(() => undefined);
    return this.failure ? Promise.reject(this.failure) : Promise.resolve();
  }
}

const POSTGRES = Symbol('postgres');
const REDIS = Symbol('redis');
const CACHE = Symbol('cache');

describe('HealthModule (terminus)', () => {
  const postgres = new FakeCheck('postgres');
  const redis = new FakeCheck('redis');
  const cache = new FakeCheck('cache', true);
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    @Module({ imports: [HealthModule.forRoot([POSTGRES, REDIS, CACHE])], providers: [{ provide: POSTGRES, useValue: postgres }, { provide: REDIS, useValue: redis }, { provide: CACHE, useValue: cache }] })
    class TestModule {}
    app = await NestFactory.create(TestModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });
  afterAll(() => app.close());
  beforeEach(() => [postgres, redis, cache].forEach((check) => Object.assign(check, { failure: null, hang: false })));

  it('is ready when every dependency answers', async () => {
    const response = await fetch(`${base}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', info: { postgres: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('answers 503 naming the dependency that is down, and stays live', async () => {
    redis.failure = new Error('connect ECONNREFUSED');
    const response = await fetch(`${base}/health/ready`);
    expect(response.status).toBe(503);
    const body = await response.json();
    expect(body).toMatchObject({ status: 'error', error: { redis: { status: 'down', message: 'connect ECONNREFUSED' } }, info: { postgres: { status: 'up' } } });
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
  });

  it('stays ready when only an optional dependency is down, and says it runs degraded', async () => {
    cache.failure = new Error('connect ECONNREFUSED');
    const response = await fetch(`${base}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', info: { cache: { status: 'up', degraded: true, message: 'connect ECONNREFUSED' }, redis: { status: 'up' } } });
  });

  it('bounds a check that never answers', async () => {
    postgres.hang = true;
    const response = await fetch(`${base}/health/ready`);
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { postgres: { message: string } } }).error.postgres.message).toMatch(/no answer in/);
  });
});
