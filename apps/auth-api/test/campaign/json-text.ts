/** A fragment written into the JSON text as-is (deep nesting, numbers JSON.stringify cannot write). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** An object with an own enumerable key of any name, `__proto__` included. */
export function withKey<T extends object>(target: T, key: string, value: unknown): T {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return target;
}

/**
 * JSON text for a value that may hold RawJson fragments and own `__proto__` keys. Strings go
 * through JSON.stringify, which escapes lone surrogates (`"\ud800"`), so they reach the server
 * as the escapes a hostile client would send.
 */
export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.keys(value).map(
      (key) => `${JSON.stringify(key)}:${toJsonText((value as Record<string, unknown>)[key])}`,
    );
    return `{${members.join(',')}}`;
  }
  if (value === undefined) return 'null';
  return JSON.stringify(value) ?? 'null';
}

/** `levels` nested arrays, or objects (`{"a":{"a":…}}`), as JSON text. */
export function nested(levels: number, shape: 'array' | 'object' = 'array'): RawJson {
  return shape === 'array'
    ? new RawJson('['.repeat(levels) + ']'.repeat(levels))
    : new RawJson('{"a":'.repeat(levels) + '1' + '}'.repeat(levels));
}
