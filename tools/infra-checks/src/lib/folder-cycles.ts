import {
  type FileImports,
  findCycles,
  type FolderGraph,
  folderGraph,
  readFileImports,
  sourceDir,
} from './folder-graph';
import { type AppName, APPS } from './workspace';

/** A known exception, with the reason it is tolerated; each should disappear, none be added. */
interface Exemption {
  app: AppName;
  /** A registration list: its imports name every feature without depending on them. */
  importsOf?: string;
  /** A folder whose files still import each other in a circle. */
  fileCyclesIn?: string;
  why: string;
}

export const EXEMPTIONS: readonly Exemption[] = [
  {
    app: 'auth-api',
    importsOf: 'database/data-source.ts',
    why: "TypeORM's entity list, shared by Nest and the migration CLI",
  },
];

const exemptionsOf = (app: AppName) => EXEMPTIONS.filter((e) => e.app === app);

/**
 * Entities on both sides of a TypeORM relation name each other (`() => UserEntity`): the lazy
 * callbacks are TypeORM's own answer to that circle, so a file cycle of entities only is fine.
 */
const ENTITY_PAIR = /^[^:]+: ([^ ]+\.entity\.ts → )+[^ ]+\.entity\.ts$/;

/** The app's graph, without the imports of its registration lists. */
export function appFolderGraph(root: string, app: AppName): FolderGraph {
  const skipped = new Set(exemptionsOf(app).map((e) => e.importsOf));
  const imports: FileImports = new Map(
    [...readFileImports(root, app)].map(([file, targets]) => [
      file,
      skipped.has(file) ? [] : targets,
    ]),
  );
  return folderGraph(imports);
}

/** Cycles of one app, in the words of a problem, known file cycles left out. */
export function folderCycleProblems(graph: FolderGraph, app: AppName): string[] {
  const { folderCycles, fileCycles } = findCycles(graph);
  const known = new Set(exemptionsOf(app).map((e) => e.fileCyclesIn));
  const dir = sourceDir(app);
  return [
    ...folderCycles.map((c) => `${dir}: folders import each other in a circle: ${c}`),
    ...fileCycles
      .filter((c) => !known.has(c.slice(0, c.indexOf(':'))) && !ENTITY_PAIR.test(c))
      .map((c) => `${dir}/${c.replace(': ', ': files import each other in a circle: ')}`),
  ];
}

export function checkFolderCycles(root: string): string[] {
  return APPS.flatMap((a) => folderCycleProblems(appFolderGraph(root, a.name), a.name));
}

/** The imports that make each edge of a cycle, so the reader sees what to move. */
function evidence(graph: FolderGraph, cycle: string): string[] {
  const nodes = cycle.split(' → ');
  return nodes
    .slice(0, -1)
    .flatMap((from, i) => graph.witnesses.get(`${from} → ${nodes[i + 1]}`) ?? [])
    .map((f) => `      ${f}`);
}

/** What `npm run graph:folders -- <app>` prints: each folder's dependencies, then the cycles. */
export function describeFolderGraph(root: string, app: AppName): string {
  const graph = appFolderGraph(root, app);
  const { folderCycles, fileCycles } = findCycles(graph);
  const folders = [...graph.folders].sort(([a], [b]) => a.localeCompare(b));
  const width = Math.max(...folders.map(([f]) => f.length));
  return [
    `${sourceDir(app)}: ${folders.length} folders (tests left out)`,
    ...folders.map(([f, to]) => `  ${f.padEnd(width)} → ${[...to].sort().join(', ') || '-'}`),
    `folder cycles: ${folderCycles.length}`,
    ...folderCycles.flatMap((c) => [`  ${c}`, ...evidence(graph, c)]),
    `file cycles within a folder: ${fileCycles.length}`,
    ...fileCycles.map((c) => `  ${c}`),
    'tolerated: file cycles of *.entity.ts only (two-sided TypeORM relations)',
    ...exemptionsOf(app).map(
      (e) =>
        `tolerated: ${e.importsOf ? `imports of ${e.importsOf}` : `file cycles in ${e.fileCyclesIn}`} (${e.why})`,
    ),
  ].join('\n');
}
