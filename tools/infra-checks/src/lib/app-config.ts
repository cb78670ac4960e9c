import ts from 'typescript';
import { type AppName, type AppSources, APPS, readText } from './workspace';

/** One environment variable of an app, as its config class declares it. */
export interface ConfigKey {
  name: string;
  /** The default as an environment value (`8000`, `a,b` for lists); undefined without one. */
  default?: string;
  /** Validation refuses to start a production process without it. */
  requiredInProduction: boolean;
  /** Listed in the app's SECRET_KEYS (never echoed in error messages). */
  secret: boolean;
}

export interface AppSchema {
  app: AppName;
  keys: ConfigKey[];
}

/** The enums the servers' config classes share (NodeEnv), which their defaults name. */
const SHARED_ENUMS_FILE = 'libs/server-runtime/src/lib/config/server-env.ts';

/** The base class of the servers' config classes (ServerConfig): the variables they share. */
export const SHARED_CONFIG_FILE = 'libs/server-runtime/src/lib/config/server-config.ts';

function parse(root: string, path: string): ts.SourceFile {
  return ts.createSourceFile(path, readText(root, path), ts.ScriptTarget.ES2022, true);
}

function decoratorsOf(member: ts.ClassElement): { name: string; text: string }[] {
  const decorators = ts.canHaveDecorators(member) ? (ts.getDecorators(member) ?? []) : [];
  return decorators.map((d) => {
    const call = d.expression;
    const callee = ts.isCallExpression(call) ? call.expression : call;
    return { name: callee.getText(), text: d.getText() };
  });
}

function enumValues(source: ts.SourceFile): Map<string, string> {
  const values = new Map<string, string>();
  source.forEachChild((node) => {
    if (!ts.isEnumDeclaration(node)) return;
    for (const member of node.members) {
      if (member.initializer && ts.isStringLiteral(member.initializer)) {
        values.set(`${node.name.text}.${member.name.getText()}`, member.initializer.text);
      }
    }
  });
  return values;
}

/** An initializer as the environment string that would produce it. */
function defaultValue(init: ts.Expression, enums: Map<string, string>): string {
  if (ts.isStringLiteral(init) || ts.isNoSubstitutionTemplateLiteral(init)) return init.text;
  if (ts.isNumericLiteral(init)) return String(Number(init.getText().replace(/_/g, '')));
  if (init.kind === ts.SyntaxKind.TrueKeyword) return 'true';
  if (init.kind === ts.SyntaxKind.FalseKeyword) return 'false';
  if (ts.isPropertyAccessExpression(init)) {
    const value = enums.get(init.getText());
    if (value !== undefined) return value;
  }
  if (ts.isArrayLiteralExpression(init))
    return init.elements.map((e) => defaultValue(e, enums)).join(',');
  throw new Error(`unsupported default ${init.getText()}`);
}

/**
 * A production requirement: `@IsDefined` that applies unconditionally, or whose `@ValidateIf`
 * depends on running in production (not on another variable being set).
 */
function requiredInProduction(decorators: { name: string; text: string }[]): boolean {
  if (!decorators.some((d) => d.name === 'IsDefined')) return false;
  if (decorators.some((d) => d.name === 'IsOptional')) return false;
  const condition = decorators.find((d) => d.name === 'ValidateIf');
  return (
    condition === undefined || /isProduction|NodeEnv\.Production|'production'/.test(condition.text)
  );
}

/** The `SECRET_KEYS = new Set([...])` of an app's config loader. */
export function secretKeys(root: string, source: AppSources): Set<string> {
  const file = parse(root, source.loadConfigFile);
  const keys = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (
      ts.isVariableDeclaration(node) &&
      node.name.getText() === 'SECRET_KEYS' &&
      node.initializer
    ) {
      node.initializer.forEachChild(function collect(child: ts.Node): void {
        if (ts.isStringLiteral(child)) keys.add(child.text);
        child.forEachChild(collect);
      });
    }
    node.forEachChild(visit);
  };
  visit(file);
  if (keys.size === 0) throw new Error(`${source.loadConfigFile}: no SECRET_KEYS found`);
  return keys;
}

function classIn(file: ts.SourceFile, name: string): ts.ClassDeclaration {
  let found: ts.ClassDeclaration | undefined;
  file.forEachChild((node) => {
    if (ts.isClassDeclaration(node) && node.name?.text === name) found = node;
  });
  if (!found) throw new Error(`${file.fileName}: class ${name} not found`);
  return found;
}

/** The class a config class extends (`extends ServerConfig`), if any. */
function baseClassName(declaration: ts.ClassDeclaration): string | undefined {
  const clause = declaration.heritageClauses?.find((c) => c.token === ts.SyntaxKind.ExtendsKeyword);
  return clause?.types[0]?.expression.getText();
}

/**
 * The variables a class declares, after those of the class it extends (the order of
 * `Object.keys`): a field the app redeclares (`override PORT = 8000;`) keeps its place and the
 * base's decorators, and takes the app's default.
 */
function classKeys(
  root: string,
  file: ts.SourceFile,
  declaration: ts.ClassDeclaration,
  enums: Map<string, string>,
  secrets: Set<string>,
): ConfigKey[] {
  const base = baseClassName(declaration);
  let keys: ConfigKey[] = [];
  if (base !== undefined) {
    if (file.fileName === SHARED_CONFIG_FILE)
      throw new Error(`${SHARED_CONFIG_FILE}: ${base} is not read (one level of extends only)`);
    const baseFile = parse(root, SHARED_CONFIG_FILE);
    keys = classKeys(root, baseFile, classIn(baseFile, base), enums, secrets);
  }
  for (const member of declaration.members) {
    if (!ts.isPropertyDeclaration(member)) continue;
    if (member.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) continue;
    const name = member.name.getText();
    const decorators = decoratorsOf(member);
    const key: ConfigKey = {
      name,
      default: member.initializer ? defaultValue(member.initializer, enums) : undefined,
      requiredInProduction: requiredInProduction(decorators),
      secret: secrets.has(name),
    };
    const inherited = keys.find((k) => k.name === name);
    if (inherited === undefined) keys.push(key);
    else if (decorators.length > 0)
      throw new Error(`${file.fileName}: ${name} redecorates a field of ${base ?? 'its base'}`);
    else inherited.default = key.default;
  }
  return keys;
}

/**
 * Every variable an app reads: the instance fields of its config class and of the class it
 * extends (what `CONFIG_KEYS = Object.keys(new AppConfig())` yields at run time), with defaults
 * and production requirements.
 */
export function readAppSchema(root: string, source: AppSources): AppSchema {
  const file = parse(root, source.configFile);
  const enums = new Map([...enumValues(parse(root, SHARED_ENUMS_FILE)), ...enumValues(file)]);
  const keys = classKeys(
    root,
    file,
    classIn(file, source.configClass),
    enums,
    secretKeys(root, source),
  );
  if (keys.length === 0)
    throw new Error(`${source.configFile}: ${source.configClass} declares no variables`);
  return { app: source.name, keys };
}

export function readAppSchemas(root: string): Map<AppName, AppSchema> {
  return new Map(APPS.map((a) => [a.name, readAppSchema(root, a)]));
}

export function keyNames(schema: AppSchema): Set<string> {
  return new Set(schema.keys.map((k) => k.name));
}

export function keyOf(schema: AppSchema, name: string): ConfigKey | undefined {
  return schema.keys.find((k) => k.name === name);
}

/** The port a server app listens on unless told otherwise: its PORT default. */
export function defaultPort(schema: AppSchema): number {
  const port = keyOf(schema, 'PORT')?.default;
  if (port === undefined) throw new Error(`${schema.app}: no PORT default in its config class`);
  return Number(port);
}

/**
 * Variables a production deployment must set, from the schema (`@IsDefined` in production) plus
 * what the defaults cannot be in a deployment: auth-api's DATABASE_URL (a SQLite file by default;
 * deployments use PostgreSQL) and web's AUTH_API_URL (localhost by default).
 */
export const DEPLOYMENT_REQUIRED: Record<AppName, readonly string[]> = {
  'auth-api': ['DATABASE_URL'],
  web: ['AUTH_API_URL'],
  'ml-cli': [],
};

export function requiredForDeployment(schema: AppSchema): string[] {
  return [
    ...schema.keys.filter((k) => k.requiredInProduction).map((k) => k.name),
    ...DEPLOYMENT_REQUIRED[schema.app],
  ];
}
