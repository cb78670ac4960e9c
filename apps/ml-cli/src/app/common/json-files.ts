import { readFile } from 'node:fs/promises';
import { StageError } from './stage.error';

/**
 * Reads a JSON artifact another stage wrote. A missing file names the stage that makes it, so the
 * one-line error tells the user what to run.
 */
export async function readArtifact<T>(path: string, producedBy: string, shown = path): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new StageError(
        `${shown} not found: run the ${producedBy} stage first (nx run ml-cli:${producedBy})`,
      );
    }
    throw error;
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new StageError(
      `${shown} is not valid JSON (${(error as Error).message}); rerun ${producedBy}`,
    );
  }
}

/** Stable, readable JSON for artifacts: two-space indent, trailing newline. */
export function toJsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Compact JSON for large artifacts (feature matrices). */
export function toCompactJsonText(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}
