import { parseTrustProxy } from '@gatehouse/env-config';
import { isIPv4 } from 'node:net';
import { parse as parseYaml } from 'yaml';
import { type AppSchema, keyOf } from './app-config';
import { COMPOSE_FILE, type ComposeFile, type ComposeService, environmentOf } from './compose';
import { ENV_EXAMPLE, readEnvExample } from './env-example';
import { FULL_STACK, type Json, loadModule } from './terraform-module';
import { heredoc, USER_DATA } from './terraform-simple-stack';
import { type AppName, readText } from './workspace';

// Who may name the client in X-Forwarded-For, in every configuration the repository ships:
// the apps' defaults, .env.example, docker compose, the simple stack and the ECS stack. The
// client IP keys auth-api's rate limits and fills its audit log, so a proxy trusted too widely
// lets anyone choose theirs; one not trusted at all makes every user share its address.

const SERVICE_CONFIG = `${FULL_STACK}/service-config.tf`;

/** What a TRUST_PROXY value trusts beyond named proxies: anyone, extra hops, whole ranges. */
export function overTrust(value: string, allow: { loopback?: boolean } = {}): string[] {
  const parsed = parseTrustProxy(value);
  if (parsed === undefined) return [`"${value}" is not a TRUST_PROXY value`];
  if (parsed === true) return ['true lets every client choose its own IP'];
  if (typeof parsed === 'number')
    return parsed > 1 ? [`${parsed} hops: only one load balancer stands in front`] : [];
  if (parsed === false) return [];
  return parsed.flatMap((entry) => {
    if (entry === 'loopback')
      return allow.loopback ? [] : ['loopback: no proxy runs on the same host here'];
    if (entry === 'uniquelocal' || entry === 'linklocal')
      return [`${entry} trusts every private address, not the proxy's`];
    const [address = '', prefix] = entry.split('/');
    const exact = prefix === undefined || Number(prefix) === (isIPv4(address) ? 32 : 128);
    return exact ? [] : [`${entry} trusts a whole range, not the proxy's address`];
  });
}

const entriesOf = (value: string): string[] => {
  const parsed = parseTrustProxy(value);
  return Array.isArray(parsed) ? parsed.map((e) => e.replace(/\/(32|128)$/, '')) : [];
};

const ipv4 = (address: string): number =>
  address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);

function inCidr(address: string, cidr: string): boolean {
  const [base = '', prefix] = cidr.split('/');
  if (!isIPv4(address) || !isIPv4(base)) return false;
  const size = 2 ** (32 - Number(prefix));
  return Math.floor(ipv4(address) / size) === Math.floor(ipv4(base) / size);
}

/** `${X:-default}` → default; `${X}` → '' (unset); a literal stays as it is. */
const interpolationDefault = (value: string): string =>
  value.replace(/\$\{[A-Za-z_]\w*(?::?-([^}]*))?\}/g, (_, fallback?: string) => fallback ?? '');

interface ComposeNetworks {
  networks?: {
    default?: { ipam?: { config?: { subnet?: string; ip_range?: string }[] } };
  };
}

/** A service's fixed address on the default network, if it has one. */
function fixedAddress(service: ComposeService | undefined): string | undefined {
  const networks = (service as { networks?: unknown } | undefined)?.networks;
  if (!networks || Array.isArray(networks) || typeof networks !== 'object') return undefined;
  const entry = (networks as Record<string, { ipv4_address?: string } | null>)['default'];
  return entry?.ipv4_address;
}

/** The Caddy proxy of the simple stack: its fixed address, and what web is told to trust. */
function simpleStackProxy(root: string): { address?: string; webTrust?: string } {
  const text = readText(root, USER_DATA);
  const proxyFile = parseYaml(heredoc(text, 'compose.proxy.yml').join('\n')) as ComposeFile;
  const settings = heredoc(text, 'settings.env');
  const webTrust = settings.find((l) => l.startsWith('TRUST_PROXY='))?.slice('TRUST_PROXY='.length);
  return { address: fixedAddress(proxyFile?.services?.['proxy']), webTrust };
}

/**
 * docker-compose.yml and the simple stack: web (`app`) has a fixed address on a fixed subnet,
 * auth-api trusts exactly that address and the simple stack's proxy; web trusts that proxy
 * only when it is there (browsers reach a plain compose stack directly).
 */
export function checkComposeTrust(root: string, compose: ComposeFile): string[] {
  const problems: string[] = [];
  const p = (message: string) => problems.push(`${COMPOSE_FILE}: ${message}`);
  const ipam = (compose as ComposeNetworks).networks?.default?.ipam?.config?.[0];
  const { auth, app } = compose.services ?? {};
  const fixed = (name: string, address: string | undefined) => {
    if (!address) p(`${name}: needs a fixed ipv4_address on the default network`);
    else if (ipam?.subnet && !inCidr(address, ipam.subnet))
      p(`${name}: ${address} is outside the network's subnet ${ipam.subnet}`);
    else if (ipam?.ip_range && inCidr(address, ipam.ip_range))
      p(`${name}: ${address} is inside ip_range ${ipam.ip_range}, where others get addresses`);
  };
  if (!ipam?.subnet || !ipam.ip_range)
    p('networks.default needs an ipam subnet and an ip_range, so fixed addresses stay fixed');

  const webAddress = fixedAddress(app);
  fixed('app', webAddress);
  const proxy = simpleStackProxy(root);
  if (!proxy.address) problems.push(`${USER_DATA}: the Caddy proxy needs a fixed ipv4_address`);
  else fixed(`${USER_DATA}: proxy`, proxy.address);

  const authTrust = environmentOf(auth ?? {})['TRUST_PROXY'] ?? 'false';
  for (const problem of overTrust(authTrust)) p(`auth: TRUST_PROXY ${problem}`);
  const trusted = entriesOf(authTrust);
  for (const entry of trusted)
    if (entry !== webAddress && entry !== proxy.address)
      p(`auth: TRUST_PROXY trusts ${entry}, which is neither app nor the simple stack's proxy`);
  if (webAddress && !trusted.includes(webAddress))
    p(`auth: TRUST_PROXY must trust app (${webAddress}), or every browser shares its IP`);
  if (proxy.address && !trusted.includes(proxy.address))
    p(`auth: TRUST_PROXY must trust the simple stack's proxy (${proxy.address}) for /api`);

  const webTrust = interpolationDefault(environmentOf(app ?? {})['TRUST_PROXY'] ?? '');
  for (const problem of webTrust ? overTrust(webTrust) : [])
    p(`app: TRUST_PROXY defaults to a value that ${problem}`);
  for (const problem of proxy.webTrust ? overTrust(proxy.webTrust) : [])
    problems.push(`${USER_DATA}: settings.env TRUST_PROXY ${problem}`);
  if (proxy.webTrust !== proxy.address)
    problems.push(
      `${USER_DATA}: settings.env TRUST_PROXY must be the proxy's address ${proxy.address ?? '(none)'} (got ${proxy.webTrust ?? 'unset'})`,
    );
  return problems;
}

/** `${module.vpc.public_subnet_ids}` → `module.vpc.public_subnet_cidrs`. */
const cidrsOf = (subnetIds: unknown): string | undefined =>
  /\$\{(module\.[\w-]+\.[\w-]+)_ids\}/.exec(String(subnetIds))?.[1]?.concat('_cidrs');

/**
 * The ECS stack: web trusts the ALB's subnets; auth-api those, web's (the tasks' subnets) and
 * loopback (the Service Connect proxy in its own task). Addresses come from the VPC module,
 * never a literal range or the whole VPC, and the ALB appends (not preserves) the client's.
 */
export async function checkEcsTrust(root: string): Promise<string[]> {
  const problems: string[] = [];
  const p = (message: string) => problems.push(`${SERVICE_CONFIG}: ${message}`);
  const stack = await loadModule(root, FULL_STACK);
  const albCidrs = cidrsOf(stack.modules['alb']?.[0]?.['subnet_ids']);
  const taskCidrs = cidrsOf(stack.modules['ecs']?.[0]?.['subnet_ids']);
  const allowed: Record<'auth_api' | 'web', { refs: (string | undefined)[]; loopback: boolean }> = {
    web: { refs: [albCidrs], loopback: false },
    auth_api: { refs: [albCidrs, taskCidrs], loopback: true },
  };
  for (const [app, rule] of Object.entries(allowed)) {
    const env = (stack.locals[`${app}_environment`] ?? {}) as Json;
    const value = env['TRUST_PROXY'];
    if (typeof value !== 'string') {
      p(`${app}: TRUST_PROXY is not set`);
      continue;
    }
    if (!value.includes('${')) {
      for (const problem of overTrust(value, { loopback: rule.loopback }))
        p(`${app}: TRUST_PROXY ${problem}`);
      continue;
    }
    const refs = [...value.matchAll(/(?<![\w.])((?:var|local|module|data)\.[\w.-]+)/g)].map(
      (m) => m[1],
    );
    for (const ref of refs)
      if (!rule.refs.includes(ref))
        p(`${app}: TRUST_PROXY trusts ${ref}; only ${rule.refs.join(' and ')} may name clients`);
    if (!refs.includes(albCidrs ?? '')) p(`${app}: TRUST_PROXY must trust the ALB (${albCidrs})`);
    if (app === 'auth_api' && !refs.includes(taskCidrs ?? ''))
      p(`${app}: TRUST_PROXY must trust web's subnets (${taskCidrs})`);
    for (const literal of [...value.matchAll(/"([^"]*)"/g)].flatMap((m) => m[1] ?? [])) {
      if (literal === ',') continue;
      for (const problem of overTrust(literal, { loopback: rule.loopback }))
        p(`${app}: TRUST_PROXY ${problem}`);
    }
  }
  const vpc = await loadModule(root, `${FULL_STACK}/modules/vpc`);
  const text = (node: unknown): string => (typeof node === 'string' ? node : '');
  for (const [cidrs, ids] of [
    [albCidrs, 'alb'],
    [taskCidrs, 'ecs'],
  ] as const) {
    const name = cidrs?.split('.').at(-1) ?? '';
    const output = text(vpc.outputs[name]?.[0]?.['value']);
    const subnets = text(stack.modules[ids]?.[0]?.['subnet_ids']);
    const resource = /aws_subnet\.(\w+)\[\*\]\.cidr_block/.exec(output)?.[1];
    const idsOutput = /module\.vpc\.(\w+)/.exec(subnets)?.[1] ?? '';
    const idsResource = /aws_subnet\.(\w+)\[\*\]\.id/.exec(
      text(vpc.outputs[idsOutput]?.[0]?.['value']),
    )?.[1];
    if (!resource || resource !== idsResource)
      problems.push(
        `${FULL_STACK}/modules/vpc: output ${name} must be the cidr_block of the subnets ${ids} runs in`,
      );
  }
  const alb = await loadModule(root, `${FULL_STACK}/modules/alb`);
  const lb = JSON.stringify(
    alb.blocks.find(([type, name]) => type === 'resource' && name === 'aws_lb'),
  );
  if (!/"xff_header_processing_mode":"append"/.test(lb))
    problems.push(
      `${FULL_STACK}/modules/alb: aws_lb must set xff_header_processing_mode = "append" (the apps rely on it)`,
    );
  return problems;
}

/** The apps' defaults and .env.example: never more than the apps themselves need. */
export function checkDefaultTrust(root: string, schemas: Map<AppName, AppSchema>): string[] {
  const problems: string[] = [];
  for (const [app, schema] of schemas) {
    const key = keyOf(schema, 'TRUST_PROXY');
    if (!key?.default) continue;
    for (const problem of overTrust(key.default, { loopback: app === 'auth-api' }))
      problems.push(`${app}: the default TRUST_PROXY ${problem}`);
    // npm start runs web beside auth-api: without this every browser shares web's address.
    if (app === 'auth-api' && !entriesOf(key.default).includes('loopback'))
      problems.push(`${app}: the default TRUST_PROXY must trust loopback, where web runs`);
  }
  const entry = readEnvExample(root).find((e) => e.key === 'TRUST_PROXY');
  for (const problem of entry?.value ? overTrust(entry.value) : [])
    problems.push(`${ENV_EXAMPLE}: TRUST_PROXY ${problem}`);
  return problems;
}
