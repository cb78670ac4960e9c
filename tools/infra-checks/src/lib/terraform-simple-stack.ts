import { type AppSchema, defaultPort } from './app-config';
import { type ComposeFile, environmentOf, interpolatedVariables } from './compose';
import { SIMPLE_STACK } from './terraform-module';
import { type AppName, APPS, readText } from './workspace';

// The simple EC2 stack: its user data starts the compose stack the repository ships.

export const USER_DATA = `${SIMPLE_STACK}/templates/user-data.sh.tftpl`;

/** The lines of a file user data writes with `cat >"$APP/<file>" <<'CONF'`. */
export function heredoc(text: string, file: string): string[] {
  const match = new RegExp(
    `cat >"\\$APP/${file.replace('.', '\\.')}" <<'CONF'\\n([\\s\\S]*?)\\nCONF`,
  ).exec(text);
  return match?.[1]?.split('\n') ?? [];
}

/**
 * The simple stack runs docker-compose.yml with a generated .env and Caddy in front: every key
 * it writes must be used by the compose file, and Caddy must proxy to the right services and ports.
 */
export function checkSimpleStack(
  root: string,
  compose: ComposeFile,
  schemas: Map<AppName, AppSchema>,
): string[] {
  const problems: string[] = [];
  const p = (message: string) => problems.push(`${USER_DATA}: ${message}`);
  const text = readText(root, USER_DATA);
  const used = interpolatedVariables(compose);
  const literal = new Map<string, Set<string>>();
  for (const service of Object.values(compose.services ?? {})) {
    for (const [k, v] of Object.entries(environmentOf(service)))
      literal.set(k, new Set([...(literal.get(k) ?? []), v]));
  }
  // settings.env lines (KEY=value) and the generated secrets (echo "KEY=$(…)").
  const written: { key: string; value?: string }[] = [
    ...heredoc(text, 'settings.env').flatMap((l) => {
      const m = /^(\w+)=(.*)$/.exec(l);
      const [, key, value] = m ?? [];
      return key === undefined ? [] : [{ key, value }];
    }),
    ...[...text.matchAll(/echo "(\w+)=/g)].flatMap((m) =>
      m[1] === undefined ? [] : [{ key: m[1] }],
    ),
  ];
  if (written.length === 0) p('found no variables written to the .env');
  for (const { key, value } of written) {
    if (key === 'COMPOSE_PROJECT_NAME' || used.has(key)) continue;
    if (value !== undefined && literal.get(key)?.size === 1 && literal.get(key)?.has(value))
      continue;
    p(
      `writes ${key} to .env, but docker-compose.yml never uses it (interpolate it: ${key}: \${${key}:?})`,
    );
  }
  const services = compose.services ?? {};
  for (const source of APPS.filter((a) => a.server)) {
    const schema = schemas.get(source.name);
    if (!schema) continue;
    const service = source.composeService ?? source.name;
    const proxied = new RegExp(`reverse_proxy ${service}:(\\d+)`).exec(text);
    if (!proxied) p(`Caddy does not proxy to ${service}`);
    else if (Number(proxied[1]) !== defaultPort(schema))
      p(
        `Caddy proxies to ${service}:${proxied[1]}, ${source.name} listens on ${defaultPort(schema)}`,
      );
    if (!services[service]) p(`Caddy proxies to ${service}, which docker-compose.yml lacks`);
  }
  return problems;
}
