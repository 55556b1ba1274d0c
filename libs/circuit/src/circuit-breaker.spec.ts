import { CircuitBreaker, type BreakerOptions, type BreakerTransition } from './circuit-breaker';

const OPTIONS: BreakerOptions = { failureRatio: 0.5, windowCalls: 10, windowMs: 10_000, minCalls: 4, coolDownMs: 1_000, maxCoolDownMs: 4_000, halfOpenProbes: 2 };

function setup(overrides: Partial<BreakerOptions> = {}) {
  const clock = { t: 1_000_000, now: () => clock.t };
  const breaker = new CircuitBreaker({ ...OPTIONS, ...overrides }, clock);
  const transitions: BreakerTransition[] = [];
  breaker.onTransition((t) => transitions.push(t));
  const call = (ok: boolean) => {
    const permit = breaker.acquire();
    if (!permit) return false;
    if (ok) permit.success();
    else permit.failure();
    return true;
  };
  const trip = () => {
    for (let i = 0; i < OPTIONS.minCalls; i += 1) call(false);
  };
  return { clock, breaker, transitions, call, trip };
}

describe('CircuitBreaker', () => {
  it('stays closed below the minimum number of calls, however bad they are', () => {
    const { breaker, call } = setup();
    for (let i = 0; i < 3; i += 1) call(false);
    expect(breaker.state).toBe('closed');
  });

  it('opens once the window holds enough calls and the failure ratio reaches the threshold', () => {
    const { breaker, transitions, call, clock } = setup();
    call(true);
    call(false);
    call(true);
    expect(breaker.state).toBe('closed');
    call(false); // 2 of 4 = 0.5
    expect(breaker.state).toBe('open');
    expect(transitions).toEqual([{ from: 'closed', to: 'open', reason: 'error_rate', at: clock.t, failures: 2, calls: 4, openUntil: clock.t + 1_000 }]);
  });

  it('stays closed while the failure ratio is under the threshold', () => {
    const { breaker, call } = setup();
    for (let i = 0; i < 30; i += 1) call(i % 3 !== 2); // every third call fails
    expect(breaker.state).toBe('closed');
  });

  it('forgets calls older than the window time, so an old burst does not count', () => {
    const { breaker, call, clock } = setup();
    call(false);
    call(false);
    call(false);
    clock.t += 10_001;
    call(false); // only 1 call in the window now
    expect(breaker.state).toBe('closed');
  });

  it('keeps only the last N calls, so old failures age out by count', () => {
    const { breaker, call } = setup({ windowCalls: 4, minCalls: 4, failureRatio: 0.75 });
    call(false);
    call(false);
    call(true);
    call(true); // [F F T T] = 2/4
    call(false); // [F T T F] = 2/4
    expect(breaker.state).toBe('closed');
    call(false); // [T T F F] = 2/4: the first failures fell out
    expect(breaker.state).toBe('closed');
    call(false); // [T F F F] = 3/4
    expect(breaker.state).toBe('open');
  });

  it('refuses calls while open, then lets the configured number of probes through', () => {
    const { breaker, trip, clock, transitions } = setup();
    trip();
    expect(breaker.acquire()).toBeUndefined();
    expect(breaker.available).toBe(false);
    clock.t += 999;
    expect(breaker.acquire()).toBeUndefined();
    clock.t += 1;
    expect(breaker.available).toBe(true);
    const first = breaker.acquire();
    expect(breaker.state).toBe('half_open');
    expect(transitions.at(-1)).toMatchObject({ from: 'open', to: 'half_open', reason: 'cool_down_over', openUntil: 0 });
    const second = breaker.acquire();
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    expect(breaker.acquire()).toBeUndefined(); // only 2 probes
  });

  it('closes when every probe succeeds, with a clean window', () => {
    const { breaker, trip, clock, transitions, call } = setup();
    trip();
    clock.t += 1_000;
    const a = breaker.acquire()!;
    const b = breaker.acquire()!;
    a.success();
    expect(breaker.state).toBe('half_open');
    b.success();
    expect(breaker.state).toBe('closed');
    expect(transitions.at(-1)).toMatchObject({ from: 'half_open', to: 'closed', reason: 'probe_succeeded', calls: 2 });
    call(false);
    call(false);
    call(false); // the failures from before the open were cleared
    expect(breaker.state).toBe('closed');
  });

  it('reopens on a failed probe with the cool-down doubled, capped at the maximum', () => {
    const { breaker, trip, clock, transitions } = setup();
    trip();
    const cooldowns: number[] = [];
    for (let round = 0; round < 4; round += 1) {
      clock.t = breaker.openUntil;
      breaker.acquire()!.failure();
      expect(breaker.state).toBe('open');
      cooldowns.push(breaker.openUntil - clock.t);
    }
    expect(cooldowns).toEqual([2_000, 4_000, 4_000, 4_000]);
    expect(transitions.at(-1)).toMatchObject({ from: 'half_open', to: 'open', reason: 'probe_failed' });
  });

  it('resets the cool-down to its first value after it closes again', () => {
    const { breaker, trip, clock } = setup();
    trip();
    clock.t = breaker.openUntil;
    breaker.acquire()!.failure(); // cool-down now 2 s
    clock.t = breaker.openUntil;
    breaker.acquire()!.success();
    breaker.acquire()!.success();
    expect(breaker.state).toBe('closed');
    trip();
    expect(breaker.openUntil - clock.t).toBe(1_000);
  });

  it('lets a released probe (no verdict on the path) be replaced by another probe', () => {
    const { breaker, trip, clock } = setup({ halfOpenProbes: 1 });
    trip();
    clock.t += 1_000;
    breaker.acquire()!.release();
    expect(breaker.state).toBe('half_open');
    const next = breaker.acquire();
    expect(next).toBeDefined();
    next!.success();
    expect(breaker.state).toBe('closed');
  });

  it('ignores reports from calls that began before the breaker changed state', () => {
    const { breaker, call, clock } = setup({ halfOpenProbes: 1 });
    const slow = breaker.acquire()!; // in flight while the breaker trips
    for (let i = 0; i < 4; i += 1) call(false);
    expect(breaker.state).toBe('open');
    clock.t += 1_000;
    const probe = breaker.acquire()!;
    slow.failure(); // stale: must not reopen the half-open breaker
    expect(breaker.state).toBe('half_open');
    probe.success();
    expect(breaker.state).toBe('closed');
  });

  it('counts each permit once', () => {
    const { breaker } = setup({ minCalls: 2, failureRatio: 1 });
    const permit = breaker.acquire()!;
    permit.failure();
    permit.failure();
    expect(breaker.state).toBe('closed');
  });

  it.each([
    [{ failureRatio: 0 }, /failureRatio/],
    [{ failureRatio: 1.5 }, /failureRatio/],
    [{ minCalls: 0 }, /minCalls/],
    [{ minCalls: 20 }, /exceed/],
    [{ coolDownMs: 5_000, maxCoolDownMs: 1_000 }, /coolDownMs/],
    [{ halfOpenProbes: 0 }, /halfOpenProbes/],
  ])('refuses bad options %p', (overrides, message) => {
    expect(() => setup(overrides)).toThrow(message);
  });
});
