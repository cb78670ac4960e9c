import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type AppSchema } from './app-config';
import { type ComposeFile } from './compose';
import { checkServiceConfig, checkStackContract } from './terraform-full-stack';
import {
  checkModuleWiring,
  checkVariables,
  FULL_STACK,
  loadModule,
  SIMPLE_STACK,
} from './terraform-module';
import { checkSimpleStack } from './terraform-simple-stack';
import { type AppName } from './workspace';

export { ecrRepositories, ecsNames } from './terraform-full-stack';
export { FULL_STACK, MODULES, SIMPLE_STACK } from './terraform-module';

/** `terraform fmt -check -recursive` on the infra folder, when the binary is installed. */
export function checkTerraformFmt(root: string): { ran: boolean; problems: string[] } {
  const binary = ['/usr/local/bin/terraform', '/usr/bin/terraform'].find((b) => existsSync(b));
  if (!binary) return { ran: false, problems: [] };
  const result = spawnSync(binary, ['fmt', '-check', '-recursive', '-list=true', 'infra'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1' },
  });
  if (result.status === 0) return { ran: true, problems: [] };
  const files = result.stdout.split('\n').filter(Boolean);
  return {
    ran: true,
    problems:
      files.length > 0
        ? files.map((f) => `${f}: not formatted (terraform fmt -check)`)
        : [`terraform fmt failed: ${result.stderr.trim()}`],
  };
}

export async function checkTerraform(
  root: string,
  schemas: Map<AppName, AppSchema>,
  compose: ComposeFile,
): Promise<string[]> {
  const problems: string[] = [];
  const stack = await loadModule(root, FULL_STACK);
  problems.push(...checkVariables(stack));
  problems.push(...(await checkModuleWiring(root, stack)));
  problems.push(...checkServiceConfig(stack, schemas));
  problems.push(...(await checkStackContract(root, stack, schemas)));
  const simple = await loadModule(root, SIMPLE_STACK);
  problems.push(...checkVariables(simple));
  problems.push(...checkSimpleStack(root, compose, schemas));
  return problems;
}
