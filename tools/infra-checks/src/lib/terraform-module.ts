import { parse as parseHcl } from '@cdktf/hcl2json';
import { fileExists, listDirs, listFiles, readText } from './workspace';

export const FULL_STACK = 'infra/terraform-aws';
export const SIMPLE_STACK = 'infra/terraform-aws-simple';
/** The modules the full stack is made of, each wired from its root module. */
export const MODULES = ['vpc', 'ecr', 'rds', 'elasticache', 's3', 'iam', 'alb', 'ecs'] as const;

export type Json = Record<string, unknown>;
export type Blocks = Record<string, Json[]>;

/** One Terraform module: the merged JSON (hcl2json) of its .tf files. */
export interface TfModule {
  dir: string;
  files: string[];
  variables: Blocks;
  locals: Json;
  modules: Blocks;
  outputs: Blocks;
  /** Every top-level block, for reference scanning: [block type, name, body]. */
  blocks: [string, string, unknown][];
}

export async function loadModule(root: string, dir: string): Promise<TfModule> {
  const files = listFiles(root, dir, '.tf');
  if (files.length === 0) throw new Error(`${dir}: no .tf files`);
  const module: TfModule = {
    dir,
    files,
    variables: {},
    locals: {},
    modules: {},
    outputs: {},
    blocks: [],
  };
  for (const file of files) {
    const json = (await parseHcl(file, readText(root, file))) as Record<string, unknown>;
    for (const [type, body] of Object.entries(json)) {
      if (type === 'locals') {
        for (const locals of body as Json[]) {
          Object.assign(module.locals, locals);
          for (const [name, value] of Object.entries(locals))
            module.blocks.push(['locals', name, value]);
        }
        continue;
      }
      for (const [name, value] of Object.entries(body as Json)) {
        module.blocks.push([type, name, value]);
        if (type === 'variable') module.variables[name] = value as Json[];
        if (type === 'module') module.modules[name] = value as Json[];
        if (type === 'output') module.outputs[name] = value as Json[];
      }
    }
  }
  return module;
}

/** Every string inside a JSON value. */
export function strings(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(strings);
  if (node !== null && typeof node === 'object') return Object.values(node).flatMap(strings);
  return [];
}

export function references(node: unknown, prefix: string): string[] {
  const pattern = new RegExp(`(?<![\\w.])${prefix.replace('.', '\\.')}([A-Za-z_][\\w-]*)`, 'g');
  return strings(node).flatMap((s) => [...s.matchAll(pattern)].flatMap((m) => m[1] ?? []));
}

/** Every declared variable is used, and every `var.x` is declared. */
export function checkVariables(module: TfModule): string[] {
  const problems: string[] = [];
  const declared = new Set(Object.keys(module.variables));
  const used = new Set<string>();
  for (const [type, name, body] of module.blocks) {
    for (const ref of references(body, 'var.')) {
      // A variable's own validation must name it; that is not a use.
      if (type === 'variable' && ref === name) continue;
      used.add(ref);
      if (!declared.has(ref))
        problems.push(`${module.dir}: var.${ref} is used (${type} ${name}) but not declared`);
    }
  }
  for (const name of declared)
    if (!used.has(name))
      problems.push(`${module.dir}: variable "${name}" is declared but never used`);
  return [...new Set(problems)];
}

const META_ARGUMENTS = new Set([
  'source',
  'version',
  'count',
  'for_each',
  'depends_on',
  'providers',
]);

/** The root module calls each of the eight modules with exactly the variables it declares. */
export async function checkModuleWiring(root: string, stack: TfModule): Promise<string[]> {
  const problems: string[] = [];
  const p = (message: string) => problems.push(`${stack.dir}: ${message}`);
  const onDisk = listDirs(root, `${stack.dir}/modules`);
  for (const name of MODULES)
    if (!onDisk.includes(name)) p(`module directory modules/${name} is missing`);
  for (const name of onDisk)
    if (!(MODULES as readonly string[]).includes(name))
      p(`modules/${name} is not one of the eight modules`);

  const outputs = new Map<string, Set<string>>();
  for (const name of MODULES) {
    const call = stack.modules[name]?.[0];
    if (!call) {
      p(`module "${name}" is not called from the root module`);
      continue;
    }
    if (call['source'] !== `./modules/${name}`)
      p(`module "${name}" has source ${String(call['source'])}, expected ./modules/${name}`);
    if (!fileExists(root, `${stack.dir}/modules/${name}`)) continue;
    const child = await loadModule(root, `${stack.dir}/modules/${name}`);
    problems.push(...checkVariables(child));
    outputs.set(name, new Set(Object.keys(child.outputs)));
    const passed = new Set(Object.keys(call).filter((k) => !META_ARGUMENTS.has(k)));
    for (const arg of passed)
      if (!(arg in child.variables))
        p(`module "${name}" is passed ${arg}, which it does not declare`);
    for (const [variable, [declaration]] of Object.entries(child.variables)) {
      const hasDefault = declaration !== undefined && 'default' in declaration;
      if (!hasDefault && !passed.has(variable))
        p(`module "${name}" needs ${variable}, which the root module does not pass`);
    }
  }
  for (const [, , body] of stack.blocks) {
    for (const s of strings(body)) {
      for (const m of s.matchAll(/(?<![\w.])module\.([\w-]+)(?:\[\d+\])?\.([\w-]+)/g)) {
        const [, module = '', output = ''] = m;
        const known = outputs.get(module);
        if (!(module in stack.modules)) p(`module.${module} is referenced but not declared`);
        else if (known && !known.has(output))
          p(`module.${module}.${output} is referenced but modules/${module} has no such output`);
      }
    }
  }
  return [...new Set(problems)];
}
