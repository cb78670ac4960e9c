import { type ColumnSchema } from '../artifacts/table-schema';
import { type PipelineConfig } from '../pipeline-config/pipeline-config';

export interface FeatureColumns {
  readonly numeric: string[];
  readonly categorical: string[];
}

/**
 * The configured feature lists when either is given; otherwise every column but the target and
 * `features.exclude`, numeric/date columns as numeric and text as categorical.
 */
export function selectFeatures(
  config: PipelineConfig,
  columns: readonly ColumnSchema[],
): FeatureColumns {
  const { numeric, categorical, exclude } = config.features;
  if (numeric !== undefined || categorical !== undefined) {
    return { numeric: [...(numeric ?? [])], categorical: [...(categorical ?? [])] };
  }
  const candidates = columns.filter(
    (c) => c.name !== config.data.target && !exclude.includes(c.name),
  );
  return {
    numeric: candidates.filter((c) => c.type !== 'string').map((c) => c.name),
    categorical: candidates.filter((c) => c.type === 'string').map((c) => c.name),
  };
}
