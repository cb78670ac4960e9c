import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import * as ts from 'typescript';
import { type Graph, namedCycles } from './graph-cycles';
import { type AppName, readText } from './workspace';

// Folders of an app must form a tree: a feature uses the ones below it, never one that uses it
// back. A cycle means neither side can be understood, tested or moved without the other.

/** A file of an app's `src/` and the files of that same `src/` it imports (paths under src/). */
export type FileImports = ReadonlyMap<string, readonly string[]>;

export const sourceDir = (app: AppName) => `apps/${app}/src`;

function listTypeScript(root: string, dir: string): string[] {
  const found: string[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(root, dir, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) found.push(path);
    }
  };
  walk('');
  return found.sort();
}

/** The file a relative specifier names, as TypeScript would find it; undefined when outside. */
function resolveSpecifier(root: string, dir: string, from: string, specifier: string) {
  if (!specifier.startsWith('.')) return undefined;
  const target = posix.normalize(posix.join(posix.dirname(from), specifier));
  if (target.startsWith('..')) return undefined;
  const isFile = (p: string) =>
    existsSync(join(root, dir, p)) && statSync(join(root, dir, p)).isFile();
  return [`${target}.ts`, `${target}.d.ts`, `${target}/index.ts`, target].find(isFile);
}

/**
 * Tests sit above everything they test: a spec, or a shared helper under `src/test/`, may import
 * any folder (a pipeline harness runs them all), so they are not part of the production graph.
 */
const isTest = (file: string) => file.endsWith('.spec.ts') || file.startsWith('test/');

/**
 * Every import, export-from, require() and import() of every non-test `.ts` file under `src/`,
 * parsed by the TypeScript compiler (type-only imports count: they tie folders together too).
 */
export function readFileImports(root: string, app: AppName): FileImports {
  const dir = sourceDir(app);
  const imports = new Map<string, string[]>();
  if (!existsSync(join(root, dir))) return imports;
  for (const file of listTypeScript(root, dir).filter((f) => !isTest(f))) {
    const { importedFiles } = ts.preProcessFile(readText(root, `${dir}/${file}`), true, true);
    const targets = importedFiles
      .map((i) => resolveSpecifier(root, dir, file, i.fileName))
      .filter((t): t is string => t !== undefined && t !== file && !isTest(t));
    imports.set(file, [...new Set(targets)].sort());
  }
  return imports;
}

/**
 * The node a file belongs to: `app/<feature>` under `app/`, the first folder elsewhere
 * (`common`, `database`, `config`, …). Files lying directly in `src/` or `src/app/` (main.ts,
 * app.module.ts) are the composition roots: each is its own node.
 */
export function folderOf(file: string): string {
  const parts = file.split('/');
  const [top = ''] = parts;
  if (top === 'app' && parts.length > 2) return `app/${parts[1]}`;
  return parts.length > 2 || (parts.length === 2 && top !== 'app') ? top : file;
}

export interface FolderGraph {
  /** Folder → folders it imports from. */
  folders: Graph;
  /** `from → to` → the file imports that make that edge (`a.ts → b.ts`). */
  witnesses: ReadonlyMap<string, string[]>;
  /** Folder → the import graph between its own files. */
  filesWithin: ReadonlyMap<string, Graph>;
}

export function folderGraph(imports: FileImports): FolderGraph {
  const folders = new Map<string, Set<string>>();
  const witnesses = new Map<string, string[]>();
  const filesWithin = new Map<string, Map<string, Set<string>>>();
  const add = <T>(map: Map<string, T>, key: string, make: () => T): T => {
    if (!map.has(key)) map.set(key, make());
    return map.get(key) as T;
  };
  for (const [file, targets] of imports) {
    const from = folderOf(file);
    const edges = add(folders, from, () => new Set<string>());
    const within = add(filesWithin, from, () => new Map<string, Set<string>>());
    add(within, file, () => new Set<string>());
    for (const target of targets) {
      const to = folderOf(target);
      if (to === from) {
        add(within, file, () => new Set<string>()).add(target);
        continue;
      }
      edges.add(to);
      add(witnesses, `${from} → ${to}`, () => []).push(`${file} → ${target}`);
    }
  }
  return { folders, witnesses, filesWithin };
}

export interface CycleReport {
  /** Cycles between folders, `a → b → a`. */
  folderCycles: string[];
  /** Cycles between the files of one folder, `folder: a.ts → b.ts → a.ts`. */
  fileCycles: string[];
}

export function findCycles(graph: FolderGraph): CycleReport {
  const fileCycles = [...graph.filesWithin]
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([folder, files]) =>
      namedCycles(files).map((c) => `${folder}: ${c.replaceAll(`${folder}/`, '')}`),
    );
  return { folderCycles: namedCycles(graph.folders), fileCycles };
}
