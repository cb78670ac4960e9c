import { Mt19937 } from './mt19937';

// Expected values printed by numpy's np.random.RandomState on this machine.
describe(Mt19937.name, () => {
  it('reproduces RandomState(42).random_sample()', () => {
    expect(new Mt19937(42).randomSample()).toBe(0.3745401188473625);
  });

  it('reproduces RandomState(seed).permutation(n)', () => {
    expect(Array.from(new Mt19937(42).permutation(10))).toEqual([8, 1, 5, 0, 7, 2, 9, 4, 3, 6]);
    expect(Array.from(new Mt19937(7).permutation(20))).toEqual([
      1, 17, 2, 5, 11, 0, 18, 6, 13, 19, 10, 14, 8, 16, 9, 12, 7, 3, 4, 15,
    ]);
    expect(Array.from(new Mt19937(42).permutation(1000).slice(0, 10))).toEqual([
      521, 737, 740, 660, 411, 678, 626, 513, 859, 136,
    ]);
  });

  it('keeps randomInterval within [0, max]', () => {
    const sut = new Mt19937(1);
    const draws = Array.from({ length: 2000 }, () => sut.randomInterval(5));
    expect(Math.min(...draws)).toBe(0);
    expect(Math.max(...draws)).toBe(5);
  });

  it('rejects seeds numpy would reject', () => {
    expect(() => new Mt19937(-1)).toThrow(RangeError);
    expect(() => new Mt19937(2 ** 32)).toThrow(RangeError);
  });
});
