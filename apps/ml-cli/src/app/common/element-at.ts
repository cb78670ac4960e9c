/**
 * `values[i]` where the data's shape guarantees the element (parallel arrays, a matrix row per
 * label); if that ever breaks, the error says what was missing instead of `undefined` leaking on.
 */
export function elementAt<T>(values: ArrayLike<T>, i: number, what: string): T {
  if (!Number.isInteger(i) || i < 0 || i >= values.length) {
    throw new RangeError(`${what}: no element ${i} (length ${values.length})`);
  }
  return values[i] as T;
}
