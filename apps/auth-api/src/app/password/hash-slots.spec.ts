import { hashSlots } from './hash-slots';

describe('hashSlots', () => {
  it('keeps one hash queued behind a pool of one thread per core', () => {
    expect(hashSlots(2, 2)).toBe(3);
    expect(hashSlots(1, 1)).toBe(2);
  });

  it('lets no more hashes run than cores when the pool is larger', () => {
    expect(hashSlots(4, 2)).toBe(2);
    expect(hashSlots(64, 8)).toBe(8);
  });

  it('queues one behind a pool smaller than the cores', () => {
    expect(hashSlots(2, 8)).toBe(3);
  });
});
