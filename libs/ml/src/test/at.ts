/** `values[i]`, or a failure that names the index: specs read arrays under `noUncheckedIndexedAccess`. */
export function at<T>(values: ArrayLike<T>, i: number): T {
  if (!Number.isInteger(i) || i < 0 || i >= values.length) {
    throw new RangeError(`No element at ${i}: length is ${values.length}`);
  }
  return values[i] as T;
}
