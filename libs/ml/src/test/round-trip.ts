/** What `fromJSON` receives after the model was written to disk and read back. */
export function roundTrip<T>(value: { toJSON(): T }): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
