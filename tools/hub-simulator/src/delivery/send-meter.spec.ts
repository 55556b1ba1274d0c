import { SendMeter } from './send-meter';

describe('SendMeter', () => {
  it('records the most requests in flight at once', () => {
    const meter = new SendMeter();
    const a = meter.started(0);
    const b = meter.started(1);
    a();
    a(); // a second call does not count twice
    const c = meter.started(2);
    expect(meter.snapshot().maxConcurrentSends).toBe(2);
    b();
    c();
    meter.started(3);
    expect(meter.snapshot().maxConcurrentSends).toBe(2);
  });

  it('counts the busiest sliding one-second window', () => {
    const meter = new SendMeter();
    // 10/s for 3 s, then a burst of 15 within 100 ms.
    for (let t = 0; t < 3_000; t += 100) meter.started(t)();
    expect(meter.snapshot().peakSendsPerSecond).toBe(10);
    for (let i = 0; i < 15; i += 1) meter.started(3_000 + i * 5)();
    // The window (2000, 3070] holds 9 of the steady ones (2100..2900) and the 15.
    expect(meter.snapshot().peakSendsPerSecond).toBe(24);
  });

  it('starts over on reset', () => {
    const meter = new SendMeter();
    meter.started(0)();
    meter.reset();
    expect(meter.snapshot()).toEqual({ maxConcurrentSends: 0, peakSendsPerSecond: 0 });
  });
});
