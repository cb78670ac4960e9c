// Runs workspace TypeScript directly (`node -r ./tools/node/register.cjs file.ts`): ts-node in
// transpile-only mode plus the `@gatehouse/*` paths of tsconfig.base.json. Used by the TypeORM
// CLI targets and the tests that start real processes.
const { join } = require('node:path');
const root = join(__dirname, '..', '..');
const { compilerOptions } = require(join(root, 'tsconfig.base.json'));

require('ts-node').register({
  transpileOnly: true,
  project: join(root, 'tsconfig.base.json'),
  compilerOptions: { module: 'commonjs' },
});
require('tsconfig-paths').register({ baseUrl: root, paths: compilerOptions.paths });
