import { type AppSchema, keyOf } from './app-config';
import { type AppName, fileExists, readText } from './workspace';

export const ENV_EXAMPLE = '.env.example';
/** The section of variables read by docker-compose.yml only. */
export const COMPOSE_SECTION = 'docker compose';

export interface EnvEntry {
  key: string;
  value: string;
  /** The names in the `# [a, b]` header above it. */
  section: string[];
  /** The comment line right above it. */
  comment?: string;
  line: number;
}

/** `KEY=value` lines under `# [app, …]` section headers. */
export function parseEnvExample(text: string): EnvEntry[] {
  const entries: EnvEntry[] = [];
  let section: string[] = [];
  let comment: string | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    const header = /^#\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      section = (header[1] ?? '').split(',').map((s) => s.trim());
      comment = undefined;
    } else if (line.startsWith('#')) {
      comment = line.replace(/^#\s*/, '');
    } else if (line === '') {
      comment = undefined;
    } else {
      const entry = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
      if (!entry) throw new Error(`${ENV_EXAMPLE}:${index + 1}: not KEY=value`);
      const [, key = '', value = ''] = entry;
      entries.push({ key, value, section, comment, line: index + 1 });
      comment = undefined;
    }
  });
  return entries;
}

export function readEnvExample(root: string): EnvEntry[] {
  return parseEnvExample(readText(root, ENV_EXAMPLE));
}

/**
 * .env.example lists exactly the union of the apps' variables (plus its docker compose section),
 * each once, in a section naming exactly the apps that read it, with a comment, and with the
 * default as its value (or empty, meaning unset).
 */
export function checkEnvExample(
  root: string,
  schemas: Map<AppName, AppSchema>,
  composeVariables: Set<string>,
): string[] {
  if (!fileExists(root, ENV_EXAMPLE)) return [`${ENV_EXAMPLE}: missing`];
  const entries = readEnvExample(root);
  const problems: string[] = [];
  const p = (message: string) => problems.push(`${ENV_EXAMPLE}: ${message}`);

  const readers = new Map<string, AppName[]>();
  for (const [app, schema] of schemas) {
    for (const key of schema.keys) readers.set(key.name, [...(readers.get(key.name) ?? []), app]);
  }
  const seen = new Set<string>();
  for (const entry of entries) {
    const where = `${entry.key} (line ${entry.line})`;
    if (seen.has(entry.key)) p(`${where} is listed twice`);
    seen.add(entry.key);
    if (!entry.comment) p(`${where} has no comment line above it`);
    const apps = readers.get(entry.key);
    if (entry.section.length === 1 && entry.section[0] === COMPOSE_SECTION) {
      if (apps) p(`${where} is read by ${apps.join(', ')}: move it to that app's section`);
      else if (!composeVariables.has(entry.key))
        p(`${where} is in the ${COMPOSE_SECTION} section but docker-compose.yml does not use it`);
      continue;
    }
    if (!apps) {
      p(`${where} is read by no app (not in any config class)`);
      continue;
    }
    if ([...entry.section].sort().join(',') !== [...apps].sort().join(',')) {
      p(`${where} is in section [${entry.section.join(', ')}] but is read by [${apps.join(', ')}]`);
    }
    const defaults = new Set(
      apps.map((a) => keyOf(schemas.get(a) as AppSchema, entry.key)?.default),
    );
    const [shared] = defaults;
    if (entry.value !== '' && (defaults.size !== 1 || shared === undefined)) {
      p(`${where} = "${entry.value}" but the apps have no single default: leave it empty`);
    } else if (entry.value !== '' && entry.value !== shared) {
      p(`${where} = "${entry.value}" differs from the default "${shared}"`);
    }
  }
  for (const key of readers.keys())
    if (!seen.has(key)) p(`${key} (read by ${readers.get(key)?.join(', ')}) is missing`);
  for (const variable of composeVariables) {
    if (!seen.has(variable)) p(`${variable} is used by docker-compose.yml but missing`);
  }
  return problems;
}
