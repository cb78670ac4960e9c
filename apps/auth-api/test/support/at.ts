/** `values[i]`, or a failure that names the index: specs read arrays under `noUncheckedIndexedAccess`. */
export function at<T>(values: ArrayLike<T>, i: number): T {
  if (!Number.isInteger(i) || i < 0 || i >= values.length) {
    throw new RangeError(`No element at ${i}: length is ${values.length}`);
  }
  return values[i] as T;
}

/** `record[key]`, or a failure that names the missing key. */
export function entry<T>(record: Readonly<Record<string, T>>, key: string): T {
  const value = record[key];
  if (value === undefined) {
    throw new RangeError(`No entry "${key}" (keys: ${Object.keys(record).join(', ')})`);
  }
  return value;
}
