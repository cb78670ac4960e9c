/** Guards `fromJSON` against being handed another model's JSON. */
export function assertJsonType(json: { readonly type: string }, expected: string): void {
  if (json.type !== expected)
    throw new TypeError(`Expected ${expected} JSON, got type '${json.type}'`);
}
