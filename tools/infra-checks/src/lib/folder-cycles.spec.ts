import { type BrokenCopy, brokenCopy } from '../test/broken-copy';
import { checkFolderCycles, folderCycleProblems } from './folder-cycles';
import { folderGraph, folderOf } from './folder-graph';
import { namedCycles, stronglyConnected } from './graph-cycles';

const graph = (edges: Record<string, string[]>) =>
  new Map(Object.entries(edges).map(([from, to]) => [from, new Set(to)]));

describe(namedCycles.name, () => {
  it('names each loop once, from its smallest node, and nothing of a tree', () => {
    const sut = graph({ c: ['a', 'd'], a: ['b'], b: ['c'], d: [], e: ['a', 'e'] });

    expect(stronglyConnected(sut)).toEqual([['a', 'b', 'c'], ['e']]);
    expect(namedCycles(sut)).toEqual(['a → b → c → a', 'e → e']);
    expect(namedCycles(graph({ a: ['b', 'c'], b: ['c'], c: [] }))).toEqual([]);
  });

  it('gives every edge on a cycle its shortest way back', () => {
    expect(namedCycles(graph({ a: ['b', 'c'], b: ['a'], c: ['a'] }))).toEqual([
      'a → b → a',
      'a → c → a',
    ]);
  });
});

describe(folderOf.name, () => {
  it.each([
    ['app/auth/tokens/token-issuer.ts', 'app/auth'],
    ['app/app.module.ts', 'app/app.module.ts'],
    ['common/http/client-context.ts', 'common'],
    ['database/data-source.ts', 'database'],
    ['main.ts', 'main.ts'],
  ])('%s belongs to %s', (file, folder) => {
    expect(folderOf(file)).toBe(folder);
  });
});

describe(folderCycleProblems.name, () => {
  it('fails on folders that import each other, naming the circle', () => {
    const sut = folderGraph(
      new Map([
        ['app/account/account.service.ts', ['app/auth/password/hasher.ts']],
        ['app/auth/password/hasher.ts', []],
        ['app/auth/login.service.ts', ['app/account/tokens.ts']],
        ['app/account/tokens.ts', ['common/http/client.ts']],
        ['common/http/client.ts', []],
      ]),
    );

    expect(folderCycleProblems(sut, 'auth-api')).toEqual([
      'apps/auth-api/src: folders import each other in a circle: app/account → app/auth → app/account',
    ]);
  });

  it('fails on files of one folder in a circle, but not on entities of a two-sided relation', () => {
    const sut = folderGraph(
      new Map([
        ['app/report/files.ts', ['app/report/markdown.ts']],
        ['app/report/markdown.ts', ['app/report/files.ts']],
        ['app/users/user.entity.ts', ['app/users/user-mfa.entity.ts']],
        ['app/users/user-mfa.entity.ts', ['app/users/user.entity.ts']],
      ]),
    );

    expect(folderCycleProblems(sut, 'ml-cli')).toEqual([
      'apps/ml-cli/src/app/report: files import each other in a circle: files.ts → markdown.ts → files.ts',
    ]);
  });
});

describe(checkFolderCycles.name, () => {
  let copy: BrokenCopy;
  beforeEach(
    () => (copy = brokenCopy(['apps/auth-api/src', 'apps/web/src', 'apps/ml-cli/src/app'])),
  );
  afterEach(() => copy.dispose());

  it('passes on the apps as they are', () => {
    expect(checkFolderCycles(copy.root)).toEqual([]);
  });

  it('fails when users imports auth back', () => {
    copy.append('apps/auth-api/src/app/users/users.service.ts', "import '../auth/auth.service';\n");

    expect(checkFolderCycles(copy.root)).toContain(
      'apps/auth-api/src: folders import each other in a circle: app/auth → app/users → app/auth',
    );
  });

  it('fails when common reaches up into a feature, even for a type', () => {
    copy.append(
      'apps/ml-cli/src/app/common/hashing.ts',
      "export type { StageSummary } from '../stage/stage-options';\n",
    );

    expect(checkFolderCycles(copy.root)).toContainEqual(
      expect.stringMatching(
        /^apps\/ml-cli\/src: folders import each other in a circle: app\/common → app\/stage → /,
      ),
    );
  });
});
