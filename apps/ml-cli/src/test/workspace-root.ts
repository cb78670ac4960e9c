import { resolve } from 'node:path';

/** The repository root (this file is apps/ml-cli/src/test/workspace-root.ts). */
export const WORKSPACE_ROOT = resolve(__dirname, '../../../..');
