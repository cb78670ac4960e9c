import fc from 'fast-check';
import {
  EXOTIC_TEXT,
  hostileStrings,
  hostileValue,
  INJECTIONS,
  OPERATOR_OBJECTS,
  PROTOTYPE_KEYS,
} from './hostile-values';
import { nested, RawJson, withKey } from './json-text';
import type { Operation, Schema } from './openapi';
import { type Draft, encodeComponent } from './request-draft';

/** One change to a valid request; `kind` is what the report counts by. */
export interface Mutation {
  kind: string;
  label: string;
  /** The change certainly breaks the documented contract: a 2xx answer would be a finding. */
  invalid: boolean;
  apply(draft: Draft): void;
}

const mutation = (
  kind: string,
  label: string,
  apply: (draft: Draft) => void,
  invalid = false,
): Mutation => ({ kind, label, invalid, apply });

/** Whether a body value certainly breaks its schema (type, null, length, items). */
export function violates(schema: Schema, value: unknown): boolean {
  if (value instanceof RawJson) return true;
  if (value === null) return !schema.nullable;
  switch (schema.type) {
    case 'string': {
      if (typeof value !== 'string') return true;
      const length = [...value].length;
      return length > (schema.maxLength ?? Infinity) || length < (schema.minLength ?? 0);
    }
    case 'boolean':
      return typeof value !== 'boolean';
    case 'number':
    case 'integer':
      return typeof value !== 'number';
    case 'array':
      return !Array.isArray(value) || value.some((item) => violates(schema.items ?? {}, item));
    case 'object':
      return typeof value !== 'object' || Array.isArray(value);
    case undefined:
    default:
      return false;
  }
}

const short = (value: unknown): string => {
  const text =
    typeof value === 'string'
      ? JSON.stringify(value)
      : value instanceof RawJson
        ? value.text
        : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}…(${text.length})` : text;
};

const bodyObject = (draft: Draft): Record<string, unknown> =>
  draft.body !== null && typeof draft.body === 'object' && !Array.isArray(draft.body)
    ? (draft.body as Record<string, unknown>)
    : (draft.body = {});

/** Raw %-escapes that are malformed, overlong or not UTF-8. */
const BAD_ESCAPES = [
  '%zz',
  '%',
  '%4',
  '%E0%A4%A',
  '%C0%AF',
  '%ED%A0%80',
  '%FF%FE',
  '%00',
  '%0d%0a',
];
const NUMBER_TEXT = [
  '0',
  '-1',
  '1.5',
  '1e3',
  'NaN',
  'Infinity',
  '0x10',
  '99999999999999999999',
  '',
  ' 1',
  '+1',
  '\uff11',
];

/**
 * `{}` behind a byte order mark: JSON parsers may ignore the mark (RFC 8259 §8.1) and Fastify's
 * does, so this is `{}`, ruled out only where the body has a required field.
 */
const BOM_EMPTY_OBJECT = new RawJson('\ufeff{}');

/** Whole bodies that are not the object the route takes. */
const WHOLE_BODIES: unknown[] = [
  null,
  [],
  0,
  -1,
  'text',
  true,
  new RawJson(''),
  new RawJson('{'),
  new RawJson('{"a":1,}'),
  new RawJson("{'a':1}"),
  new RawJson('{"a":1}{"b":2}'),
  BOM_EMPTY_OBJECT,
  new RawJson('{"__proto__":{"isAdmin":true}}'),
  new RawJson('{"constructor":{"prototype":{"isAdmin":true}}}'),
  nested(5000),
  nested(5000, 'object'),
  withKey({}, 'toString', 'x'),
  withKey({}, 'constructor', { name: 'x' }),
  withKey({}, 'prototype', {}),
  ...OPERATOR_OBJECTS,
];

const CONTENT_TYPES = [
  'application/x-www-form-urlencoded',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=utf-16le',
  'application/jsonx',
  'APPLICATION/JSON',
  'application/json, text/plain',
  ' ',
];

function bodyMutations(operation: Operation, base: Record<string, unknown>, bodyLimit: number) {
  const schema = operation.body?.schema ?? { type: 'object', properties: {} };
  // A route without a documented body ignores one: only a documented body has a contract.
  const documented = operation.body !== undefined;
  const properties = Object.entries(schema.properties ?? {});
  const list: fc.Arbitrary<Mutation>[] = [];
  if (properties.length > 0) {
    list.push(
      fc.constantFrom(...properties).chain(([name, field]: [string, Schema]) =>
        hostileValue(field, base[name] ?? field.example, bodyLimit).map((value) =>
          mutation(
            'body-field',
            `${name}=${short(value)}`,
            (d) => {
              bodyObject(d)[name] = value;
            },
            // null on an optional field counts as absent (class-validator's IsOptional), a
            // leniency the document does not state: not counted as accepting garbage.
            documented &&
              !(value === null && !schema.required?.includes(name)) &&
              violates(field, value),
          ),
        ),
      ),
    );
  }
  if (schema.required?.length) {
    list.push(
      fc.constantFrom(...schema.required).map((name) =>
        mutation(
          'missing-field',
          `-${name}`,
          (d) => {
            delete bodyObject(d)[name];
          },
          true,
        ),
      ),
    );
  }
  const extraKey = fc.oneof(
    fc.constantFrom(...PROTOTYPE_KEYS),
    fc.constantFrom(...INJECTIONS, 'isAdmin', 'roles', 'id', 'passwordHash'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 16 }),
  );
  const extraValue = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(...OPERATOR_OBJECTS, { isAdmin: true }),
  );
  list.push(
    fc.tuple(extraKey, extraValue).map(([key, value]) =>
      mutation(
        'extra-key',
        `+${short(key)}=${short(value)}`,
        (d) => {
          withKey(bodyObject(d), key, value);
        },
        documented,
      ),
    ),
    fc.constantFrom(...WHOLE_BODIES).map((value) =>
      mutation(
        'whole-body',
        short(value),
        (d) => {
          d.body = value;
        },
        documented && (value !== BOM_EMPTY_OBJECT || (schema.required ?? []).length > 0),
      ),
    ),
    fc.constantFrom(...CONTENT_TYPES).map((type) =>
      mutation(
        'content-type',
        type,
        (d) => {
          d.headers['content-type'] = type;
          d.rawBody = Buffer.from(
            Object.entries(bodyObject(d))
              .map(([k, v]) => `${encodeComponent(k)}=${encodeComponent(String(v))}`)
              .join('&'),
          );
        },
        true,
      ),
    ),
    fc.constantFrom(
      mutation(
        'content-type',
        'no content-type',
        (d) => {
          d.omitContentType = true;
          bodyObject(d);
        },
        true,
      ),
      mutation(
        'whole-body',
        'invalid UTF-8 bytes in a string',
        (d) => {
          d.rawBody = Buffer.concat([
            Buffer.from('{"email":"'),
            Buffer.from([0xc3, 0x28, 0xff, 0xfe]),
            Buffer.from('"}'),
          ]);
        },
        documented,
      ),
      mutation('whole-body', 'duplicate keys', (d) => {
        const text = JSON.stringify(bodyObject(d));
        d.body = new RawJson(
          text === '{}' ? '{"a":1,"a":2}' : `${text.slice(0, -1)},${text.slice(1)}`,
        );
      }),
    ),
  );
  return list;
}

const queryValue = (schema: Schema, bodyLimit: number): fc.Arbitrary<string> =>
  fc.oneof(
    hostileStrings(
      schema,
      typeof schema.example === 'string' ? schema.example : '',
      Math.min(bodyLimit, 8000),
    ).map((s) => encodeComponent(String(s))),
    fc.constantFrom(...NUMBER_TEXT).map(encodeComponent),
    fc.constantFrom(...BAD_ESCAPES),
  );

function queryMutations(operation: Operation, bodyLimit: number) {
  const list: fc.Arbitrary<Mutation>[] = [];
  if (operation.queryParams.length > 0) {
    const params = fc.constantFrom(...operation.queryParams);
    list.push(
      params.chain((p) =>
        queryValue(p.schema, bodyLimit).map((value) =>
          mutation('query', `${p.name}=${short(value)}`, (d) => {
            d.query = d.query.filter(([k]) => k !== p.name);
            d.query.push([p.name, value]);
          }),
        ),
      ),
      params.chain((p) =>
        fc
          .constantFrom<[string, string][]>(
            [
              [p.name, '1'],
              [p.name, '2'],
            ],
            [[`${p.name}[$gt]`, '']],
            [[`${p.name}[]`, '1']],
            [[`${p.name}.constructor`, 'x']],
            [[p.name, '']],
          )
          .map((pairs) =>
            mutation('query', pairs.map((x) => x.join('=')).join('&'), (d) => {
              d.query = d.query.filter(([k]) => k !== p.name);
              d.query.push(...pairs);
            }),
          ),
      ),
    );
  }
  list.push(
    fc
      .tuple(
        fc.oneof(
          fc.constantFrom(...PROTOTYPE_KEYS, "' OR 1=1--", '$where'),
          fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
        ),
        fc.constantFrom('1', '%00', '%zz', encodeComponent(EXOTIC_TEXT[2] ?? '')),
      )
      .map(([key, value]) =>
        mutation('extra-query', `${short(key)}=${value}`, (d) => {
          d.query.push([encodeComponent(key), value]);
        }),
      ),
  );
  return list;
}

function pathMutations(operation: Operation, base: Record<string, string>) {
  if (operation.pathParams.length === 0) return [];
  const segments = fc.oneof(
    fc.constantFrom(
      '',
      'not-a-uuid',
      '00000000-0000-0000-0000-000000000000',
      'a0eebc99-9c0b-11ee-b9d1-0242ac120002',
      'a'.repeat(101),
      'a'.repeat(5000),
      '..%2F..%2Fetc%2Fpasswd',
      '..',
      '%2e%2e',
      ...BAD_ESCAPES,
    ),
    fc.constantFrom(...INJECTIONS, ...EXOTIC_TEXT).map(encodeComponent),
    fc.string({ unit: 'binary', maxLength: 20 }).map(encodeComponent),
  );
  return [
    fc
      .tuple(fc.constantFrom(...operation.pathParams), segments, fc.boolean())
      .map(([p, segment, upper]) =>
        mutation('path', `${p.name}=${short(segment)}`, (d) => {
          d.pathParams[p.name] =
            upper && segment === '' ? (base[p.name] ?? '').toUpperCase() : segment;
        }),
      ),
  ];
}

function headerMutations(operation: Operation) {
  const list: fc.Arbitrary<Mutation>[] = [
    fc.constantFrom(17 * 1024, 64 * 1024).map((size) =>
      mutation(
        'header-size',
        `x-fill: ${size} bytes`,
        (d) => {
          d.headers['x-fill'] = 'a'.repeat(size);
        },
        true,
      ),
    ),
  ];
  if (operation.secured) {
    list.push(
      fc
        .constantFrom(
          'Bearer',
          'Bearer ',
          `Bearer ${'a'.repeat(8000)}`,
          'Basic YWRtaW46YWRtaW4=',
          "Bearer ' OR 1=1--",
          'Bearer a.b.c',
          'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
          'Bearer \u{1F600}',
          'Bearer \u00ff\u00fe',
        )
        .map((value) =>
          mutation(
            'authorization',
            short(value),
            (d) => {
              d.headers['authorization'] = value;
            },
            true,
          ),
        ),
    );
  }
  return list;
}

/** Every mutation that applies to the operation, drawn by fast-check. */
export function mutationsFor(
  operation: Operation,
  base: { body: Record<string, unknown>; pathParams: Record<string, string> },
  bodyLimit: number,
): fc.Arbitrary<Mutation> {
  const takesBody = operation.body !== undefined || operation.method !== 'GET';
  const weighted = [
    ...(takesBody
      ? bodyMutations(operation, base.body, bodyLimit).map((a, i) => ({
          arbitrary: a,
          weight: i === 0 ? 6 : 2,
        }))
      : []),
    ...queryMutations(operation, bodyLimit).map((a) => ({ arbitrary: a, weight: 3 })),
    ...pathMutations(operation, base.pathParams).map((a) => ({ arbitrary: a, weight: 4 })),
    ...headerMutations(operation).map((a) => ({ arbitrary: a, weight: 1 })),
  ];
  return fc.oneof(...weighted);
}
