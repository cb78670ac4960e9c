import { ConfigError } from '@gatehouse/env-config';
import { type ColumnSchema } from '../artifacts/table-schema';
import { showValue, unknownColumn } from './config-problems';
import { type PipelineConfig } from './pipeline-config';

/** One example value per column, for messages such as `holds text (e.g. "Adelie")`. */
export type ColumnExamples = Readonly<Record<string, unknown>>;

/**
 * Checks the `data` section against the columns actually read: the target, column type
 * overrides and whether the target suits the task. Throws ConfigError listing every problem.
 */
export function checkDataColumns(
  config: PipelineConfig,
  columns: readonly ColumnSchema[],
  examples: ColumnExamples,
  source: string,
): void {
  const names = columns.map((c) => c.name);
  const problems: string[] = [];
  const { target } = config.data;
  const targetColumn = columns.find((c) => c.name === target);
  if (!targetColumn) problems.push(`data.target: ${unknownColumn(target, names)}`);
  for (const column of Object.keys(config.data.columnTypes ?? {})) {
    if (!names.includes(column)) problems.push(`data.columnTypes: ${unknownColumn(column, names)}`);
  }
  if (targetColumn) {
    const example = showValue(examples[target]);
    if (config.task === 'regression' && targetColumn.type !== 'number') {
      problems.push(
        `task: regression needs a numeric target, but "${target}" holds text (e.g. ${example}); use task: classification`,
      );
    }
    if (
      config.task === 'classification' &&
      targetColumn.type !== 'string' &&
      !targetColumn.integer
    ) {
      problems.push(
        `task: classification needs class labels, but "${target}" holds continuous numbers (e.g. ${example}); use task: regression`,
      );
    }
  }
  if (problems.length > 0) throw new ConfigError(`${source} does not fit the data`, problems);
}

/** Checks the `features` section against the processed table's columns. */
export function checkFeatureColumns(
  config: PipelineConfig,
  columns: readonly ColumnSchema[],
  examples: ColumnExamples,
  source: string,
): void {
  const names = columns.map((c) => c.name);
  const problems: string[] = [];
  const { numeric = [], categorical = [], exclude } = config.features;
  for (const [list, listed] of [
    ['numeric', numeric],
    ['categorical', categorical],
    ['exclude', exclude],
  ] as const) {
    for (const column of listed) {
      if (!names.includes(column))
        problems.push(`features.${list}: ${unknownColumn(column, names)}`);
    }
  }
  for (const column of numeric) {
    const schema = columns.find((c) => c.name === column);
    if (schema?.type === 'string') {
      problems.push(
        `features.numeric: "${column}" holds text (e.g. ${showValue(examples[column])}); list it under categorical`,
      );
    }
  }
  if (problems.length > 0) throw new ConfigError(`${source} does not fit the data`, problems);
}
