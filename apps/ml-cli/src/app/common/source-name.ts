import { isAbsolute, relative } from 'node:path';

/**
 * `mlflow.source.name` as MLflow's Python client sets it: the script that runs, as given on the
 * command line (Node gives it absolute: it is shown relative to the workspace when inside it).
 */
export function sourceName(root: string): string {
  const entry = process.argv[1];
  if (!entry) return 'ml-cli';
  const inside = relative(root, entry);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : entry;
}
