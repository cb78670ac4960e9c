import { ConcurrencyLimit } from './concurrency-limit';

describe(ConcurrencyLimit.name, () => {
  it('never runs more than the limit at once, and runs every task', async () => {
    const sut = new ConcurrencyLimit(2);
    let running = 0;
    let peak = 0;
    const task = async (i: number) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running -= 1;
      return i;
    };
    const results = await Promise.all(Array.from({ length: 7 }, (_, i) => sut.run(() => task(i))));
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(peak).toBe(2);
  });

  it('frees its slot when a task fails', async () => {
    const sut = new ConcurrencyLimit(1);
    await expect(sut.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(sut.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });
});
