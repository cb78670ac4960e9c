import { readAppSchemas } from './lib/app-config';
import { checkAsvsMap } from './lib/asvs-map';
import { checkCompose, interpolatedVariables, readCompose } from './lib/compose';
import { checkDockerfile, checkDockerignore } from './lib/dockerfile';
import { checkEnvExample } from './lib/env-example';
import { checkFolderCycles } from './lib/folder-cycles';
import { checkComposeTrust, checkDefaultTrust, checkEcsTrust } from './lib/proxy-trust';
import { checkTerraform, checkTerraformFmt, ecrRepositories, ecsNames } from './lib/terraform';
import {
  checkBuildAndPush,
  checkCi,
  checkDeploy,
  checkHygiene,
  lintWorkflow,
  readWorkflow,
  workflowFiles,
  WORKFLOWS_DIR,
} from './lib/workflows';
import { APPS, guard } from './lib/workspace';

export { WORKSPACE_ROOT } from './lib/workspace';

async function checkWorkflows(root: string): Promise<string[]> {
  const files = workflowFiles(root);
  const problems = files.flatMap((f) => [
    ...lintWorkflow(root, f),
    ...checkHygiene(readWorkflow(root, f)),
  ]);
  const missing = ['ci.yml', 'build-and-push.yml', 'deploy.yml'].filter(
    (f) => !files.includes(`${WORKFLOWS_DIR}/${f}`),
  );
  if (missing.length > 0)
    return [...problems, ...missing.map((f) => `${WORKFLOWS_DIR}/${f}: missing`)];
  const byName = (name: string) => readWorkflow(root, `${WORKFLOWS_DIR}/${name}`);
  const repositories = await ecrRepositories(root);
  const build = byName('build-and-push.yml');
  return [
    ...problems,
    ...checkCi(root, byName('ci.yml')),
    ...checkBuildAndPush(root, build, repositories),
    ...checkDeploy(byName('deploy.yml'), build.name, await ecsNames(root), repositories),
  ];
}

/** Each check, on a workspace root: the repository, or a broken copy of it in the tests. */
export const CHECKS = {
  dockerfiles: (root: string) => {
    const schemas = readAppSchemas(root);
    return [
      ...checkDockerignore(root),
      ...APPS.flatMap((a) =>
        checkDockerfile(root, a, schemas.get(a.name) ?? { app: a.name, keys: [] }),
      ),
    ];
  },
  compose: (root: string) => checkCompose(root, readAppSchemas(root)),
  'env-example': (root: string) =>
    checkEnvExample(root, readAppSchemas(root), interpolatedVariables(readCompose(root))),
  terraform: (root: string) => checkTerraform(root, readAppSchemas(root), readCompose(root)),
  'terraform-fmt': (root: string) => checkTerraformFmt(root).problems,
  'proxy-trust': async (root: string) => [
    ...checkDefaultTrust(root, readAppSchemas(root)),
    ...checkComposeTrust(root, readCompose(root)),
    ...(await checkEcsTrust(root)),
  ],
  workflows: checkWorkflows,
  'asvs-map': checkAsvsMap,
  'folder-cycles': checkFolderCycles,
} satisfies Record<string, (root: string) => string[] | Promise<string[]>>;

export type CheckName = keyof typeof CHECKS;

/** One check's problems; an exception (a file that does not parse) is a problem too. */
export function runCheck(name: CheckName, root: string): Promise<string[]> {
  return guard(name, () => CHECKS[name](root));
}

export async function checkAll(root: string): Promise<Record<CheckName, string[]>> {
  const results = {} as Record<CheckName, string[]>;
  for (const name of Object.keys(CHECKS) as CheckName[]) results[name] = await runCheck(name, root);
  return results;
}
