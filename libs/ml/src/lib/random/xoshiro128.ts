/* istanbul ignore file -- these functions are serialised into worker threads, which coverage counters would break */

// Each function here is self-contained (no imports, no calls to other functions) because the
// forest worker is built from their `.toString()`.

/** Seeds xoshiro128** from one integer with splitmix32, so nearby seeds give unrelated streams. */
export function xoshiro128Seed(seed: number): Uint32Array {
  const state = new Uint32Array(4);
  let x = seed >>> 0;
  for (let i = 0; i < 4; i++) {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    state[i] = (z ^ (z >>> 16)) >>> 0;
  }
  if ((state[0]! | state[1]! | state[2]! | state[3]!) === 0) state[0] = 1;
  return state;
}

/** Advances the state and returns the next uint32 (xoshiro128**, Blackman & Vigna). */
export function xoshiro128Next(s: Uint32Array): number {
  const m = Math.imul(s[1]!, 5);
  const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
  const t = s[1]! << 9;
  s[2]! ^= s[0]!;
  s[3]! ^= s[1]!;
  s[1]! ^= s[2]!;
  s[0]! ^= s[3]!;
  s[2]! ^= t;
  s[3] = (s[3]! << 11) | (s[3]! >>> 21);
  return result;
}

/** A seed for sub-stream `stream` of `seed` (e.g. one per tree), independent of scheduling. */
export function deriveSeed(seed: number, stream: number): number {
  let z = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca77)) >>> 0;
  z = Math.imul(z ^ (z >>> 15), 0x2c1b3c6d);
  z = Math.imul(z ^ (z >>> 12), 0x297a2d39);
  return (z ^ (z >>> 15)) >>> 0;
}
