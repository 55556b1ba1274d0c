import { SingleFlight } from './single-flight';

describe('SingleFlight', () => {
  it('shares one call among concurrent callers for a key, and forgets it once settled', async () => {
    const flights = new SingleFlight<number>();
    let calls = 0;
    let release!: (value: number) => void;
    const call = () => {
      calls += 1;
      return new Promise<number>((resolve) => (release = resolve));
    };
    const answers = Promise.all([flights.run('a', call), flights.run('a', call), flights.run('a', call)]);
    release(7);
    await expect(answers).resolves.toEqual([7, 7, 7]);
    expect(calls).toBe(1);
    expect(flights.size).toBe(0);
    await flights.run('a', () => Promise.resolve(8));
    expect(calls).toBe(1);
  });

  it('runs different keys separately and shares failures too', async () => {
    const flights = new SingleFlight<number>();
    const failing = Promise.all([flights.run('x', () => Promise.reject(new Error('down'))), flights.run('x', () => Promise.resolve(1))]);
    await expect(failing).rejects.toThrow('down');
    await expect(flights.run('y', () => Promise.resolve(2))).resolves.toBe(2);
    expect(flights.size).toBe(0);
  });
});
