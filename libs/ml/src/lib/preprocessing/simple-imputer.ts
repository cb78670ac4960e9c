import { assertJsonType } from '../core/json-type';
import { compareLabels } from '../core/labels';
import { type Cell, type Row } from '../core/types';
import { assertFitted, isMissing, toNumber } from './cells';

export type ImputeStrategy = 'median' | 'mean' | 'most_frequent';

export interface SimpleImputerOptions {
  readonly columns: readonly string[];
  readonly strategy: ImputeStrategy;
  /** Extra cell values to treat as missing, besides null, undefined, NaN and ''. */
  readonly missingValues?: readonly Cell[];
}

export interface SimpleImputerJson {
  readonly type: 'SimpleImputer';
  readonly options: SimpleImputerOptions;
  readonly statistics: Record<string, string | number>;
}

/** Fills missing cells with a per-column statistic learnt on the training rows, like scikit-learn's. */
export class SimpleImputer {
  private fitted?: Record<string, string | number>;

  constructor(readonly options: SimpleImputerOptions) {}

  fit(rows: readonly Row[]): this {
    const { columns, strategy, missingValues = [] } = this.options;
    const statistics: Record<string, string | number> = {};
    for (const column of columns) {
      const present = rows.map((row) => row[column]).filter((v) => !isMissing(v, missingValues));
      if (present.length === 0)
        throw new RangeError(`Column '${column}' has no values to impute from`);
      statistics[column] =
        strategy === 'most_frequent'
          ? mostFrequent(present as (string | number | boolean)[])
          : centre(
              present.map((v) => toNumber(v, column)),
              strategy,
            );
    }
    this.fitted = statistics;
    return this;
  }

  /** New rows with missing cells of the configured columns filled; other columns are copied. */
  transform(rows: readonly Row[]): Row[] {
    const statistics = this.statistics;
    const { columns, missingValues = [] } = this.options;
    return rows.map((row) => {
      const out: Record<string, Cell> = { ...row };
      for (const column of columns)
        if (isMissing(row[column], missingValues)) out[column] = statistics[column];
      return out;
    });
  }

  fitTransform(rows: readonly Row[]): Row[] {
    return this.fit(rows).transform(rows);
  }

  /** The fill value of each column. */
  get statistics(): Readonly<Record<string, string | number>> {
    return assertFitted(this.fitted, 'SimpleImputer');
  }

  toJSON(): SimpleImputerJson {
    return { type: 'SimpleImputer', options: this.options, statistics: { ...this.statistics } };
  }

  static fromJSON(json: SimpleImputerJson): SimpleImputer {
    assertJsonType(json, 'SimpleImputer');
    const imputer = new SimpleImputer(json.options);
    imputer.fitted = { ...json.statistics };
    return imputer;
  }
}

function centre(values: number[], strategy: 'median' | 'mean'): number {
  if (strategy === 'mean') return values.reduce((a, b) => a + b, 0) / values.length;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Ties go to the smallest value, as in scikit-learn. */
function mostFrequent(values: readonly (string | number | boolean)[]): string | number {
  const counts = new Map<string | number, number>();
  for (const v of values) {
    const key = typeof v === 'boolean' ? String(v) : v;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let best: string | number | undefined;
  let bestCount = 0;
  for (const [value, count] of counts) {
    if (
      count > bestCount ||
      (count === bestCount && best !== undefined && compareLabels(value, best) < 0)
    ) {
      best = value;
      bestCount = count;
    }
  }
  return assertFitted(best, 'most_frequent');
}
