import { checkFolderCycles, describeFolderGraph } from './lib/folder-cycles';
import { APPS, type AppName, WORKSPACE_ROOT } from './lib/workspace';

// `npm run graph:folders -- [app…]`: prints each app's folder import graph and its cycles, the
// facts the `folder-cycles` check of `npm test` fails on; exits 1 when that check would fail.

const known = APPS.map((a) => a.name);
const asked = process.argv.slice(2);
const unknown = asked.filter((a) => !known.includes(a as AppName));
if (unknown.length > 0) {
  process.stderr.write(`unknown app ${unknown.join(', ')}; one of ${known.join(', ')}\n`);
  process.exit(2);
}
const apps = asked.length > 0 ? (asked as AppName[]) : known;
process.stdout.write(`${apps.map((a) => describeFolderGraph(WORKSPACE_ROOT, a)).join('\n\n')}\n`);
const problems = checkFolderCycles(WORKSPACE_ROOT).filter((p) =>
  apps.some((a) => p.startsWith(`apps/${a}/`)),
);
if (problems.length > 0) process.exitCode = 1;
