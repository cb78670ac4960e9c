import fc from 'fast-check';
import { nested, RawJson, withKey } from './json-text';
import type { Schema } from './openapi';

/** Strings aimed at interpreters downstream: SQL, NoSQL, paths, headers, templates, HTML. */
export const INJECTIONS = [
  "' OR 1=1--",
  "admin'--",
  "'; DROP TABLE users; --",
  '" OR ""="',
  '1; SELECT pg_sleep(5)',
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  'a\r\nSet-Cookie: pwned=1',
  '${7*7}',
  '{{7*7}}',
  '#{7*7}',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '%s%s%s%n',
  '$where',
  '*',
  '%',
  '_',
  '\\',
];

/** Operator objects a NoSQL-minded query builder would obey. */
export const OPERATOR_OBJECTS = [
  { $gt: '' },
  { $ne: null },
  { $regex: '.*' },
  { $where: '1 == 1' },
  { or: [{ id: 1 }] },
];

/** Text that is legal JSON but hostile or unusual Unicode. */
export const EXOTIC_TEXT = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202egnp.exe',
  'ad\u200bmin',
  '\u200d\u200c\u2060',
  '\ufeffbom',
  'e\u0301\u0301\u0301\u0301\u0301',
  'Z\u0334\u0321\u031b\u0316\u0347a\u0337l\u0338g\u0336o',
  '\u{1F600}',
  '\u{1F469}\u200d\u{1F469}\u200d\u{1F467}\u200d\u{1F466}',
  '\uff52\uff4f\uff4f\uff54\uff20\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45\uff0e\uff43\uff4f\uff4d',
  '\u0627\u0644\u0639\u0631\u0628\u064a\u0629',
  '\u2028\u2029',
  '\u0085\u00a0\u3000',
  '\u0130\u0131\u00df\ufb01',
  '\uffff\ufffe',
  '\u{10FFFF}',
  '\t\n\r\u000b\f',
  ' ',
  '\u001b[31mred',
];

/** Keys with meaning to JavaScript objects. */
export const PROTOTYPE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
];

const numbers: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(
    0,
    -1,
    -0,
    Number.MAX_SAFE_INTEGER,
    new RawJson('1e999'),
    new RawJson('-1e999'),
    new RawJson('123456789012345678901234567890'),
    new RawJson('1.0000000000000000000000001'),
  ),
);

/** Values of the wrong JSON type for the schema (or every type, when it has none). */
export function wrongTypes(schema: Schema): fc.Arbitrary<unknown> {
  const all: { type: string; arbitrary: fc.Arbitrary<unknown> }[] = [
    { type: 'number', arbitrary: numbers },
    { type: 'integer', arbitrary: numbers },
    { type: 'boolean', arbitrary: fc.boolean() },
    { type: 'string', arbitrary: fc.constantFrom('true', '1', 'null', '[]') },
    { type: 'null', arbitrary: fc.constant(null) },
    { type: 'array', arbitrary: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }) },
    {
      type: 'object',
      arbitrary: fc.oneof(fc.constantFrom(...OPERATOR_OBJECTS), fc.object({ maxDepth: 2 })),
    },
  ];
  const wrong = all.filter(
    (t) => t.type !== schema.type && !(t.type === 'null' && schema.nullable),
  );
  return fc.oneof(...wrong.map((t) => t.arbitrary));
}

/** `text` with `insert` placed at some position: hostile characters inside a valid value. */
const spliced = (base: string) =>
  fc
    .tuple(fc.constantFrom(...EXOTIC_TEXT), fc.nat({ max: Math.max(base.length, 0) }))
    .map(([insert, at]) => base.slice(0, at) + insert + base.slice(at));

/** Strings that are empty, too long, near the body limit, exotic, random or injection strings. */
export function hostileStrings(
  schema: Schema,
  base: string,
  bodyLimit: number,
): fc.Arbitrary<unknown> {
  const over = (schema.maxLength ?? 1000) + 1;
  return fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '\u00a0') },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        'a'.repeat(over),
        'é'.repeat(over),
        '\u{1F600}'.repeat(Math.ceil(over / 2) + 1),
        'x'.repeat(10_000),
        'y'.repeat(bodyLimit - 512),
        'z'.repeat(bodyLimit + 1024),
      ),
    },
    { weight: 3, arbitrary: fc.constantFrom(...EXOTIC_TEXT) },
    { weight: 3, arbitrary: spliced(base) },
    { weight: 3, arbitrary: fc.constantFrom(...INJECTIONS) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  );
}

/** Any hostile value for a field of this schema, valid-looking baseline `base` given. */
export function hostileValue(
  schema: Schema,
  base: unknown,
  bodyLimit: number,
): fc.Arbitrary<unknown> {
  const arbitraries: fc.Arbitrary<unknown>[] = [
    wrongTypes(schema),
    hostileStrings(schema, typeof base === 'string' ? base : '', bodyLimit),
    fc.constantFrom(nested(5000), nested(5000, 'object'), nested(40), nested(33, 'object')),
    fc.constantFrom(...PROTOTYPE_KEYS).map((key) => withKey({}, key, { isAdmin: true })),
  ];
  if (schema.type === 'array') {
    const item = schema.items ?? {};
    arbitraries.push(
      fc.array(hostileValue(item, '', bodyLimit), { minLength: 1, maxLength: 3 }),
      fc.constant(Array.from({ length: 10_000 }, () => 'user')),
      fc.constant([]),
    );
  }
  return fc.oneof(...arbitraries);
}
